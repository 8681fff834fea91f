import { SubjectCommandsRepository } from './subject-commands.repository';
import { Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller';
import { DataQualityRepository } from './data-quality.repository';
import { SubjectEventsRepository } from './subject-events.repository';
import { ResponsibilityGapsController } from '../responsibility/responsibility-gaps.controller';
import { SubjectReader } from './subject-reader';
import { SubjectRepository } from './subject.repository';
import { SubjectsController } from './subjects.controller';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';

@Module({
  imports: [AgreementsModule, AuditModule],
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
