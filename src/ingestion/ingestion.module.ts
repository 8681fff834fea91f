import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { IdempotencyStore } from './idempotency.store';
import { InboundController } from './inbound.controller';
import { InboundMessageRepository } from './inbound-message.repository';
import { IngestionService } from './ingestion.service';
import { OutboxSignal } from './outbox-signal';
import { QuarantineController } from './quarantine.controller';

@Global()
@Module({
  imports: [IdentityModule],
  controllers: [InboundController, QuarantineController],
  providers: [IngestionService, IdempotencyStore, InboundMessageRepository, OutboxSignal],
  exports: [OutboxSignal, InboundMessageRepository, IngestionService],
})
export class IngestionModule {}
