import type { OutboxSignal } from '../routing/outbox-signal';
import type { WatchlistSender } from '../watchlist/watchlist-sender';

/** Work for after a merge or unmerge commits: wake the relay and send the watchlist changes. */
export interface AfterCommit {
  watchlist: string[];
}

export async function afterMergeCommit(
  outboxSignal: OutboxSignal,
  watchlistSender: WatchlistSender,
  work: AfterCommit,
): Promise<void> {
  outboxSignal.notify();
  // If this enqueue is lost, the watchlist sweep finds the work again.
  await watchlistSender.enqueue(work.watchlist).catch(() => undefined);
}
