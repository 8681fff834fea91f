import { Global, Module } from '@nestjs/common';
import { AgreementRegistry } from './agreement-registry';
import { AgreementSuspensions } from './agreement-suspensions';
import { DisclosurePolicy } from './disclosure-policy';
import { AgreementsAdminController } from './agreements-admin.controller';

@Global()
@Module({
  controllers: [AgreementsAdminController],
  providers: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy],
  exports: [AgreementRegistry, AgreementSuspensions, DisclosurePolicy],
})
export class AgreementsModule {}
