import { SubjectCommandsRepository } from './subject-commands.repository';
import { Global, Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { ResponsibilityGapsController } from '../responsibility/responsibility-gaps.controller';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';

@Global()
@Module({
  controllers: [SubjectsController, DataQualityController, ResponsibilityGapsController],
  providers: [
    SubjectRepository,
    SubjectEventsRepository,
    SubjectReader,
    DataQualityRepository,
    SubjectCommandsRepository,
  ],
  exports: [SubjectRepository, SubjectEventsRepository, DataQualityRepository, SubjectCommandsRepository],
})
export class SubjectsModule {}
