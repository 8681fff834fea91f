import { Module } from '@nestjs/common';
import { ResponsibilityBackfill } from './responsibility-backfill';
import { SubjectConsequences } from './subject-consequences';
import { AuthModule } from '../auth/auth.module';
import { ClocksModule } from '../clocks/clocks.module';
import { RulesModule } from '../rules/rules.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { WatchlistModule } from '../watchlist/watchlist.module';

/** What follows from a subject's record (clocks, data-quality flags, watch entries), kept in step with it. */
@Module({
  imports: [AuthModule, ClocksModule, RulesModule, SubjectsModule, WatchlistModule],
  providers: [SubjectConsequences, ResponsibilityBackfill],
  exports: [SubjectConsequences, ResponsibilityBackfill],
})
export class ConsequencesModule {}
