import { SubjectCommandsRepository } from './subject-commands.repository';
import { Global, Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { ResponsibilityAdminController } from '../responsibility/responsibility-admin.controller';
import { OpenGaps } from '../responsibility/open-gaps';
import { Handovers } from '../responsibility/handovers';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';

@Global()
@Module({
  controllers: [SubjectsController, DataQualityController, ResponsibilityAdminController],
  providers: [
    SubjectRepository,
    SubjectEventsRepository,
    SubjectReader,
    DataQualityRepository,
    SubjectCommandsRepository,
    OpenGaps,
    Handovers,
  ],
  exports: [
    SubjectRepository,
    SubjectEventsRepository,
    DataQualityRepository,
    SubjectCommandsRepository,
    OpenGaps,
    Handovers,
  ],
})
export class SubjectsModule {}
