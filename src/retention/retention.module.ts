import { Module } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { ChecksModule } from '../checks/checks.module';
import { IdentityModule } from '../identity/identity.module';
import { ErasureController } from './erasure.controller';
import { loadRetentionPolicy } from './retention-policy';
import { SubjectDataEraser } from './subject-data-eraser';
import { RETENTION_POLICY, SubjectErasure } from './subject-erasure';
import { AuditModule } from '../audit/audit.module';
import { ClocksModule } from '../clocks/clocks.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { WatchlistModule } from '../watchlist/watchlist.module';

/** Retention periods (reference data, validated at start: a bad file stops the hub) and erasure. */
@Module({
  // The owners of the tables erasure clears, each erasing its own.
  imports: [
    AuditModule,
    ChecksModule,
    ClocksModule,
    DeliveryModule,
    IdentityModule,
    IngestionModule,
    SubjectsModule,
    WatchlistModule,
  ],
  controllers: [ErasureController],
  providers: [
    {
      provide: RETENTION_POLICY,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => loadRetentionPolicy(env.referenceDir),
    },
    SubjectDataEraser,
    SubjectErasure,
  ],
})
export class RetentionModule {}
