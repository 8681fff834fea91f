import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { RulesModule } from '../rules/rules.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { ActionCompletion } from './action-completion';
import { MappaActionsController } from './mappa-actions.controller';
import { MappaAdminController } from './mappa-admin.controller';
import { MappaQueries } from './mappa-queries';
import { SubjectActionsReader } from './subject-actions-reader';

/** MAPPA meetings' actions and minutes: reads, the owner's completion, operators' lists (mappa.md). */
@Module({
  imports: [AgreementsModule, AuditModule, IngestionModule, RulesModule, SubjectsModule],
  controllers: [MappaActionsController, MappaAdminController],
  providers: [MappaQueries, SubjectActionsReader, ActionCompletion],
  exports: [MappaQueries],
})
export class MappaModule {}
