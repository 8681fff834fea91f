import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleOidc } from './console-oidc';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';
import { ConsoleSessionStore } from './console-session-store';
import { AgreementPreviewModule } from '../agreement-preview/agreement-preview.module';
import { DeliveryOperatorsModule } from '../delivery/operators/delivery-operators.module';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ClocksModule } from '../clocks/clocks.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SubjectsModule } from '../subjects/subjects.module';

@Module({
  imports: [
    AgreementPreviewModule,
    AgreementsModule,
    AuditModule,
    AuthModule,
    ClocksModule,
    DeliveryOperatorsModule,
    IngestionModule,
    SubjectsModule,
    UpstreamsModule,
  ],
  controllers: [ConsoleController],
  providers: [ConsoleSession, ConsoleSessionStore, ConsoleOidc, ConsoleQueries],
})
export class ConsoleModule {}
