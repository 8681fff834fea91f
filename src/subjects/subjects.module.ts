import { SubjectCommandsRepository } from './subject-commands.repository';
import { SubjectConsequences } from './subject-consequences';
import { Global, Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { ResponsibilityAdminController } from '../responsibility/responsibility-admin.controller';
import { ResponsibilityBackfill } from './responsibility-backfill';
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
    SubjectConsequences,
    ResponsibilityBackfill,
    OpenGaps,
    Handovers,
  ],
  exports: [
    OpenGaps,
    Handovers,
    SubjectRepository,
    SubjectEventsRepository,
    DataQualityRepository,
    SubjectCommandsRepository,
    SubjectConsequences,
    ResponsibilityBackfill,
  ],
})
export class SubjectsModule {}
