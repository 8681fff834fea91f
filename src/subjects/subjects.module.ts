import { Global, Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';

@Global()
@Module({
  controllers: [SubjectsController, DataQualityController],
  providers: [SubjectRepository, SubjectEventsRepository, SubjectReader, DataQualityRepository],
  exports: [SubjectRepository, SubjectEventsRepository, DataQualityRepository],
})
export class SubjectsModule {}
