import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleOidc } from './console-oidc';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';
import { ConsoleSessionStore } from './console-session-store';
import { AgreementPreviewModule } from '../agreement-preview/agreement-preview.module';
import { DeliveryOperatorsModule } from '../delivery/operators/delivery-operators.module';
import { UpstreamsModule } from '../upstreams/upstreams.module';

@Module({
  imports: [UpstreamsModule, AgreementPreviewModule, DeliveryOperatorsModule],
  controllers: [ConsoleController],
  providers: [ConsoleSession, ConsoleSessionStore, ConsoleOidc, ConsoleQueries],
})
export class ConsoleModule {}
