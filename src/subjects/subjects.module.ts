import { Global, Module } from '@nestjs/common';
import { SubjectEventsRepository } from './subject-events.repository';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';

@Global()
@Module({
  controllers: [SubjectsController],
  providers: [SubjectRepository, SubjectEventsRepository, SubjectReader],
  exports: [SubjectRepository, SubjectEventsRepository],
})
export class SubjectsModule {}
