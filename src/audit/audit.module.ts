import { Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditController } from './audit.controller';
import { AuditErasure } from './audit-erasure';
import { AuditKey } from './audit-key';
import { AuditLog } from './audit-log';
import { AuditQuery } from './audit-query';
import { AuditVerifier } from './audit-verifier';
import { ChainHeads } from './chain-heads';
import { AuthModule } from '../auth/auth.module';

/** The statutory log: the writer every module uses, and the read, verify and erasure sides. */
@Module({
  imports: [AuthModule],
  controllers: [AuditController],
  providers: [AuditKey, AuditLog, ChainHeads, AuditQuery, AuditVerifier, AuditErasure, AuditCheckpoints],
  exports: [AuditLog, AuditVerifier, AuditErasure, AuditQuery],
})
export class AuditModule {}
