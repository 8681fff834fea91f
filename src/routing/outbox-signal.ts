import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * In-process nudge from ingestion to the outbox relay, so events leave at once when both run
 * in one process; the relay's polling covers every other case.
 */
@Injectable()
export class OutboxSignal extends EventEmitter {
  notify(): void {
    this.emit('outbox');
  }
}
