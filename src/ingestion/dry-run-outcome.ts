import type { LinkBasis } from '../canonical/link-bases';
import type { StoredDeadline } from '../clocks/deadline.repository';
import type { Resolution } from '../identity/identity-resolver';
import type { WatchlistEntry } from '../watchlist/watchlist-entries';

/** How the message's person was tied to a subject: linked to one the hub holds, a new one, or a new one with a review. */
export const IDENTITY_DECISIONS = ['linked', 'new', 'review'] as const;
export type IdentityDecision = (typeof IDENTITY_DECISIONS)[number];

/** What a real post would do to HMPO's watchlist for one order. */
export type WatchlistAction = 'lodge' | 'withdraw' | 'relodge';

export interface DryRunDeadline {
  kind: string;
  ref: string;
  dueOn: string;
  status: StoredDeadline['status'];
  provisional: boolean;
  description: string;
  /** new: the message starts it; changed: it moves, is met or is cancelled (`was` says how it stood). */
  change: 'new' | 'changed';
  was?: { dueOn: string; status: StoredDeadline['status'] };
}

export interface DryRunSubject {
  /** The subject the hub holds; null when a real post would create one. */
  subjectId: string | null;
  identity: { decision: IdentityDecision; basis: LinkBasis; score?: number };
  /** Event types a real post would raise about this subject, in order. */
  events: string[];
  deadlines: DryRunDeadline[];
  watchlist: { orderRef: string; action: WatchlistAction }[];
}

/** The 200 answer to `?dryRun=true`: what a real post would do, none of it kept (api.md). */
export interface DryRunAnswer {
  valid: true;
  dryRun: true;
  source: string;
  sourceMessageId: string;
  /** unused: a real post with this key is taken in; replays: it would get the first answer back. */
  idempotencyKey: 'unused' | 'replays';
  subjects: DryRunSubject[];
  /** Every event type, across subjects, in the order a real post would raise them. */
  events: string[];
}

/** One subject's part of a rehearsed message, as the transaction saw it before it was rolled back. */
export interface RehearsedSubject {
  subjectId: string;
  resolution: Resolution;
  events: string[];
  after: { deadlines: StoredDeadline[]; watchlist: WatchlistEntry[] };
}

export function identityOf(resolution: Resolution): DryRunSubject['identity'] {
  const decision: IdentityDecision = !resolution.isNew ? 'linked' : resolution.conflict ? 'review' : 'new';
  return { decision, basis: resolution.basis, ...(resolution.score !== undefined ? { score: resolution.score } : {}) };
}

/**
 * The deadlines a message starts or changes: those after it compared with those before (the
 * committed ones). One a message leaves as it was is not its consequence, so not listed.
 */
export function deadlineChanges(before: StoredDeadline[], after: StoredDeadline[]): DryRunDeadline[] {
  const key = (d: StoredDeadline) => `${d.kind}\u0000${d.ref}`;
  const was = new Map(before.map((d) => [key(d), d]));
  return after.flatMap((d): DryRunDeadline[] => {
    const b = was.get(key(d));
    const base = {
      kind: d.kind,
      ref: d.ref,
      dueOn: d.dueOn,
      status: d.status,
      provisional: d.provisional,
      description: d.description,
    };
    if (!b) return [{ ...base, change: 'new' }];
    if (b.dueOn === d.dueOn && b.status === d.status && b.provisional === d.provisional) return [];
    return [{ ...base, change: 'changed', was: { dueOn: b.dueOn, status: b.status } }];
  });
}

function watchlistAction(e: WatchlistEntry): WatchlistAction {
  if (!e.wanted) return 'withdraw';
  return e.state === 'lodged' ? 'relodge' : 'lodge';
}

/** Watchlist work the message makes: outstanding after it and not, or not the same, before. */
export function watchlistChanges(before: WatchlistEntry[], after: WatchlistEntry[]): DryRunSubject['watchlist'] {
  const pending = new Set(before.map((e) => `${e.orderRef}\u0000${watchlistAction(e)}`));
  return after
    .map((e) => ({ orderRef: e.orderRef, action: watchlistAction(e) }))
    .filter((w) => !pending.has(`${w.orderRef}\u0000${w.action}`));
}
