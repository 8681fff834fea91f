import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { postgresTls } from '../database/data-source-options';

/** The channel a trigger on the outbox notifies when an inserting transaction commits. */
export const OUTBOX_CHANNEL = 'hub_outbox';

/**
 * Wakes the relay the moment an API process commits events (Postgres LISTEN/NOTIFY), so a
 * worker in another process need not wait for its next poll. Only a nudge: if the connection
 * drops, the relay's polling still finds every row, and the listener reconnects.
 */
@Injectable()
export class OutboxWakeup implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWakeup.name);
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(@Inject(HUB_ENVIRONMENT) private readonly env: HubEnvironment) {}

  listen(onCommit: () => void): void {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.env.databaseUrl, ...postgresTls(this.env) });
    this.client = client;
    const again = () => {
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
      if (!this.stopped && this.client === client) this.retry = setTimeout(() => this.listen(onCommit), 1000);
    };
    client.on('notification', () => onCommit());
    client.on('error', again);
    client.on('end', again);
    client
      .connect()
      .then(() => client.query(`LISTEN ${OUTBOX_CHANNEL}`))
      .catch((e: Error) => {
        this.logger.debug(`Outbox listener not connected (${e.message}); polling meanwhile`);
        again();
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
