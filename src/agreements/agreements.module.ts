import { Module } from '@nestjs/common';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
import { DisclosurePolicy } from './disclosure-policy';
import { AgreementsAdminController } from './agreements-admin.controller';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';

@Module({
  imports: [AuditModule, AuthModule],
  controllers: [AgreementsAdminController],
  providers: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy],
  exports: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy],
})
export class AgreementsModule {}
