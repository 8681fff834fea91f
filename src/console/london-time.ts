import { html, type Html } from './html';

/**
 * The console's one way of showing a moment: London wall-clock time, with GMT or BST said, as
 * the people reading it live by. Built once (an Intl formatter is costly to make).
 */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "6 Jul 2026, 22:52:57 BST"; empty for no time (or one that does not parse). */
export function londonTimeText(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : LONDON.format(at);
}

/** The London time in a `<time>` whose `datetime` keeps the exact instant in UTC ISO 8601 for machines. */
export function londonTime(iso: string | null | undefined): Html | string {
  const text = londonTimeText(iso);
  return text ? html`<time datetime="${new Date(iso!).toISOString()}">${text}</time>` : '';
}
