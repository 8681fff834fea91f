import { Module } from '@nestjs/common';
import { ResponsibilityBackfill } from './responsibility-backfill';
import { SubjectConsequences } from './subject-consequences';

/** What follows from a subject's record (clocks, data-quality flags, watch entries), kept in step with it. */
@Module({
  providers: [SubjectConsequences, ResponsibilityBackfill],
  exports: [SubjectConsequences, ResponsibilityBackfill],
})
export class ConsequencesModule {}
