import { Module } from '@nestjs/common';
import { ConsequencesModule } from '../consequences/consequences.module';
import { IdentityModule } from '../identity/identity.module';
import { RoutingModule } from '../routing/routing.module';
import { BulkImport } from './bulk-import.service';
import { IdempotencyStore } from './idempotency.store';
import { ImportCheckpoints } from './import-checkpoints';
import { InboundController } from './inbound.controller';
import { InboundMessageRepository } from './inbound-message.repository';
import { IngestionService } from './ingestion.service';
import { QuarantineController } from './quarantine.controller';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { RulesModule } from '../rules/rules.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { WatchlistModule } from '../watchlist/watchlist.module';

@Module({
  imports: [
    AgreementsModule,
    AuditModule,
    AuthModule,
    ConsequencesModule,
    IdentityModule,
    RoutingModule,
    RulesModule,
    SubjectsModule,
    WatchlistModule,
  ],
  controllers: [InboundController, QuarantineController],
  providers: [IngestionService, IdempotencyStore, InboundMessageRepository, BulkImport, ImportCheckpoints],
  exports: [InboundMessageRepository, IngestionService, BulkImport],
})
export class IngestionModule {}
