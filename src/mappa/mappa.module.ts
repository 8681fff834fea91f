import { Module } from '@nestjs/common';
import { ActionCompletion } from './action-completion';
import { MappaActionsController } from './mappa-actions.controller';
import { MappaAdminController } from './mappa-admin.controller';
import { MappaQueries } from './mappa-queries';
import { SubjectActionsReader } from './subject-actions-reader';

/** MAPPA meetings' actions and minutes: reads, the owner's completion, operators' lists (mappa.md). */
@Module({
  controllers: [MappaActionsController, MappaAdminController],
  providers: [MappaQueries, SubjectActionsReader, ActionCompletion],
  exports: [MappaQueries],
})
export class MappaModule {}
