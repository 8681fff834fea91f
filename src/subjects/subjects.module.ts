import { SubjectCommandsRepository } from './subject-commands.repository';
import { Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { ResponsibilityAdminController } from '../responsibility/responsibility-admin.controller';
import { OpenGaps } from '../responsibility/open-gaps';
import { Handovers } from '../responsibility/handovers';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';

@Module({
  imports: [AgreementsModule, AuditModule, AuthModule],
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
