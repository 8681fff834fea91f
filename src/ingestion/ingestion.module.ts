import { Global, Module } from '@nestjs/common';
import { ConsequencesModule } from '../consequences/consequences.module';
import { IdentityModule } from '../identity/identity.module';
import { RoutingModule } from '../routing/routing.module';
import { IdempotencyStore } from './idempotency.store';
import { InboundController } from './inbound.controller';
import { InboundMessageRepository } from './inbound-message.repository';
import { IngestionService } from './ingestion.service';
import { QuarantineController } from './quarantine.controller';

@Global()
@Module({
  imports: [IdentityModule, ConsequencesModule, RoutingModule],
  controllers: [InboundController, QuarantineController],
  providers: [IngestionService, IdempotencyStore, InboundMessageRepository],
  exports: [InboundMessageRepository],
})
export class IngestionModule {}
