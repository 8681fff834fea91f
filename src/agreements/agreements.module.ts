import { Global, Module } from '@nestjs/common';
import { AgreementRegistry } from './agreement-registry';
import { DisclosurePolicy } from './disclosure-policy';

@Global()
@Module({ providers: [AgreementRegistry, DisclosurePolicy], exports: [AgreementRegistry, DisclosurePolicy] })
export class AgreementsModule {}
