import { Module } from '@nestjs/common';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { ErasureController } from './erasure.controller';
import { loadRetentionPolicy } from './retention-policy';
import { SubjectDataEraser } from './subject-data-eraser';
import { RETENTION_POLICY, SubjectErasure } from './subject-erasure';
import { AuditModule } from '../audit/audit.module';

/** Retention periods (reference data, validated at start: a bad file stops the hub) and erasure. */
@Module({
  imports: [AuditModule],
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
