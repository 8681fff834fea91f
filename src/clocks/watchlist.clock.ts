import { Injectable } from '@nestjs/common';
import type { Clock } from './clock.port';
import { WatchlistEntries } from '../watchlist/watchlist-entries';
import { WatchlistSender } from '../watchlist/watchlist-sender';

/** The sweep: re-adds every outstanding lodgement or withdrawal (lost jobs, blocked ones now unblocked). */
@Injectable()
export class WatchlistClock implements Clock {
  readonly name = 'hmpo-watchlist';

  constructor(
    private readonly entries: WatchlistEntries,
    private readonly sender: WatchlistSender,
  ) {}

  async tick(): Promise<number> {
    await this.sender.enqueue(await this.entries.outstandingIds(500));
    return 0; // raises no events itself
  }
}
