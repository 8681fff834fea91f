import { Global, Module } from '@nestjs/common';
import { AgreementPreview } from './agreement-preview';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
import { DisclosurePolicy } from './disclosure-policy';
import { AgreementsAdminController } from './agreements-admin.controller';

@Global()
@Module({
  controllers: [AgreementsAdminController],
  providers: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy, AgreementPreview],
  exports: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy, AgreementPreview],
})
export class AgreementsModule {}
