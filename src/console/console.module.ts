import { Module } from '@nestjs/common';
import { ConsoleSignInController } from './console-sign-in.controller';
import { ConsoleOverviewController } from './console-overview.controller';
import { ConsoleQuarantineController } from './console-quarantine.controller';
import { ConsoleDeadLettersController } from './console-dead-letters.controller';
import { ConsoleAgreementsController } from './console-agreements.controller';
import { ConsoleSubjectsController } from './console-subjects.controller';
import { ConsoleDeadlinesController } from './console-deadlines.controller';
import { ConsoleResponsibilityController } from './console-responsibility.controller';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleManagementInformationController } from './console-mi.controller';
import { ConsolePages } from './console-pages';
import { MappaConsoleController } from './mappa-console.controller';
import { MappaModule } from '../mappa/mappa.module';
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
    MappaModule,
    SubjectsModule,
    UpstreamsModule,
  ],
  // One controller per page or page group; the sign-in pages first.
  controllers: [
    ConsoleSignInController,
    ConsoleOverviewController,
    ConsoleQuarantineController,
    ConsoleDeadLettersController,
    ConsoleAgreementsController,
    ConsoleSubjectsController,
    ConsoleDeadlinesController,
    ConsoleResponsibilityController,
    ConsoleAuditController,
    ConsoleManagementInformationController,
    MappaConsoleController,
  ],
  providers: [ConsolePages, ConsoleSession, ConsoleSessionStore, ConsoleOidc, ConsoleQueries],
})
export class ConsoleModule {}
