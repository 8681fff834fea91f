import { Module } from '@nestjs/common';
import { ConsoleSignInController } from './console-sign-in.controller';
import { ConsoleOverviewController } from './console-overview.controller';
import { ConsoleQuarantineController } from './console-quarantine.controller';
import { ConsoleDeadLettersController } from './console-dead-letters.controller';
import { ConsoleAgreementsController } from './console-agreements.controller';
import { ConsoleSubjectsController } from './console-subjects.controller';
import { ConsoleDeadlinesController } from './console-deadlines.controller';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleManagementInformationController } from './console-mi.controller';
import { ConsolePages } from './console-pages';
import { ConsoleOidc } from './console-oidc';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';
import { ConsoleSessionStore } from './console-session-store';
import { UpstreamsModule } from '../upstreams/upstreams.module';

@Module({
  imports: [UpstreamsModule],
  // One controller per page or page group; the sign-in pages first.
  controllers: [
    ConsoleSignInController,
    ConsoleOverviewController,
    ConsoleQuarantineController,
    ConsoleDeadLettersController,
    ConsoleAgreementsController,
    ConsoleSubjectsController,
    ConsoleDeadlinesController,
    ConsoleAuditController,
    ConsoleManagementInformationController,
  ],
  providers: [ConsolePages, ConsoleSession, ConsoleSessionStore, ConsoleOidc, ConsoleQueries],
})
export class ConsoleModule {}
