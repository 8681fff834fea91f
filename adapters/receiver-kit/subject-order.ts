import { SEQUENCE_DIGITS } from '../../src/canonical/cloud-event';

/** `sequence` as the hub sends it (a zero-padded string); an integer from an older hub is padded too. */
export function sequenceKey(sequence: string | number): string {
  return String(sequence).padStart(SEQUENCE_DIGITS, '0');
}

/** What ordering reads of an event. */
export interface SequencedEvent {
  subject: string;
  sequence: string | number;
}

/** Orders two events of one subject by `sequence`: as text, which the zero padding makes numeric order. */
export function compareSequence(a: Pick<SequencedEvent, 'sequence'>, b: Pick<SequencedEvent, 'sequence'>): number {
  const [x, y] = [sequenceKey(a.sequence), sequenceKey(b.sequence)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A batch (a feed page, events read back after an outage) with each subject's events in sequence
 * order; each subject keeps the places its events had, so the interleaving of subjects is kept.
 */
export function inSubjectOrder<T>(
  items: readonly T[],
  eventOf: (item: T) => SequencedEvent = (item) => item as SequencedEvent,
): T[] {
  const bySubject = new Map<string, T[]>();
  for (const item of items)
    bySubject.set(eventOf(item).subject, [...(bySubject.get(eventOf(item).subject) ?? []), item]);
  for (const list of bySubject.values()) list.sort((a, b) => compareSequence(eventOf(a), eventOf(b)));
  return items.map((item) => bySubject.get(eventOf(item).subject)!.shift()!);
}

/**
 * - `next`: newer than anything seen about the subject; apply it.
 * - `late`: older than an event already taken (a retry overtaken by a newer event): do not let it
 *   overwrite newer state; record it as history, or re-read the subject.
 * - `repeat`: the same sequence as one already taken (e.g. a replay under a new webhook-id).
 * Gaps are normal: they are events this recipient does not receive.
 */
export type OrderVerdict = 'next' | 'late' | 'repeat';

/** The newest `sequence` taken per subject (in memory; persist it beside your record in production). */
export class SubjectOrder {
  private readonly newest = new Map<string, string>();

  observe(event: SequencedEvent): OrderVerdict {
    const key = sequenceKey(event.sequence);
    const newest = this.newest.get(event.subject);
    if (newest === key) return 'repeat';
    if (newest !== undefined && key < newest) return 'late';
    this.newest.set(event.subject, key);
    return 'next';
  }

  newestOf(subject: string): string | undefined {
    return this.newest.get(subject);
  }
}
