import { Module } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { ConsequencesModule } from '../consequences/consequences.module';
import { RoutingModule } from '../routing/routing.module';
import { loadMatchingSettings, MATCHING_SETTINGS } from './identity-matching-config';
import { IdentityResolver } from './identity-resolver';
import { IdentityReviewDecider } from './identity-review-decider';
import { IdentityReviewsController } from './identity-reviews.controller';
import { MatchProfileBackfill } from './match-profile-backfill';
import { SubjectMergesController } from './subject-merges.controller';
import { SubjectMerger } from './subject-merger';
import { UnmergeCorrections } from './unmerge-corrections';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { RulesModule } from '../rules/rules.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { WatchlistModule } from '../watchlist/watchlist.module';

/** Identity resolution, reviews, merge and unmerge; the matching thresholds are reference data, validated at start (a bad file stops the hub). */
@Module({
  imports: [AuditModule, AuthModule, ConsequencesModule, RoutingModule, RulesModule, SubjectsModule, WatchlistModule],
  controllers: [IdentityReviewsController, SubjectMergesController],
  providers: [
    {
      provide: MATCHING_SETTINGS,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => loadMatchingSettings(env.referenceDir),
    },
    IdentityResolver,
    IdentityReviewDecider,
    MatchProfileBackfill,
    SubjectMerger,
    UnmergeCorrections,
  ],
  exports: [IdentityResolver, MATCHING_SETTINGS],
})
export class IdentityModule {}
