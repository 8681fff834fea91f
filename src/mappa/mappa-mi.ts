import type { ActionListItem, MinuteReceipt } from './mappa-queries';

/** One figure of the MAPPA MI, as the console shows it and its CSV exports it. */
export interface MiFigure {
  section: string;
  key: string;
  value: number;
}

export interface OwnerCounts {
  owner: string;
  open: number;
  overdue: number;
  escalated: number;
}

/** The actions board: open, overdue and escalated actions, in all and by owner agency. */
export function actionsBoard(items: ActionListItem[]): { totals: Omit<OwnerCounts, 'owner'>; byOwner: OwnerCounts[] } {
  const byOwner = new Map<string, OwnerCounts>();
  for (const a of items) {
    const row = byOwner.get(a.owner) ?? { owner: a.owner, open: 0, overdue: 0, escalated: 0 };
    row.open += 1;
    if (a.overdue) row.overdue += 1;
    if (a.escalated) row.escalated += 1;
    byOwner.set(a.owner, row);
  }
  const rows = [...byOwner.values()].sort((x, y) => y.open - x.open || x.owner.localeCompare(y.owner));
  const sum = (k: 'open' | 'overdue' | 'escalated') => rows.reduce((n, r) => n + r[k], 0);
  return { totals: { open: sum('open'), overdue: sum('overdue'), escalated: sum('escalated') }, byOwner: rows };
}

export interface ReceiptCounts {
  key: string;
  delivered: number;
  withinAckWithin: number;
  late: number;
  outstanding: number;
  /** Acknowledged within ackWithin, as a whole percentage of those delivered. */
  percentWithin: number;
}

/**
 * Whether a minute was acknowledged within its `ackWithin`: acknowledged by its due time (with
 * no due time, acknowledged at all); late once acknowledged after it, or still not by now.
 */
function standing(r: MinuteReceipt, now: number): 'within' | 'late' | 'outstanding' {
  const due = r.ackDueAt ? Date.parse(r.ackDueAt) : null;
  if (r.acknowledgedAt) return due === null || Date.parse(r.acknowledgedAt) <= due ? 'within' : 'late';
  return due !== null && due < now ? 'late' : 'outstanding';
}

function counts(key: string, receipts: MinuteReceipt[], now: number): ReceiptCounts {
  const s = receipts.map((r) => standing(r, now));
  const within = s.filter((x) => x === 'within').length;
  return {
    key,
    delivered: receipts.length,
    withinAckWithin: within,
    late: s.filter((x) => x === 'late').length,
    outstanding: s.filter((x) => x === 'outstanding').length,
    percentWithin: receipts.length ? Math.round((100 * within) / receipts.length) : 0,
  };
}

/** Monday of the week (UTC) a time falls in, as a date: the trend's buckets. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

/** Minutes acknowledged within ackWithin: per recipient agency, and per week delivered (the trend). */
export function minuteReceiptFigures(receipts: MinuteReceipt[], now = Date.now()) {
  const group = (key: (r: MinuteReceipt) => string) => {
    const groups = new Map<string, MinuteReceipt[]>();
    for (const r of receipts) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => counts(k, rs, now));
  };
  return { byAgency: group((r) => r.recipient), byWeek: group((r) => weekOf(r.deliveredAt)) };
}

/** Every figure of the page, for the CSV export (the same numbers the page shows). */
export function mappaMiFigures(
  board: ReturnType<typeof actionsBoard>,
  receipts: ReturnType<typeof minuteReceiptFigures>,
): MiFigure[] {
  return [
    ...(['open', 'overdue', 'escalated'] as const).map((k) => ({ section: 'actions', key: k, value: board.totals[k] })),
    ...board.byOwner.flatMap((r) =>
      (['open', 'overdue', 'escalated'] as const).map((k) => ({
        section: 'actions by owner',
        key: `${r.owner} ${k}`,
        value: r[k],
      })),
    ),
    ...receipts.byAgency.flatMap((r) => receiptRows('minutes by agency', r)),
    ...receipts.byWeek.flatMap((r) => receiptRows('minutes by week', r)),
  ];
}

function receiptRows(section: string, r: ReceiptCounts): MiFigure[] {
  return (['delivered', 'withinAckWithin', 'late', 'outstanding', 'percentWithin'] as const).map((k) => ({
    section,
    key: `${r.key} ${k}`,
    value: r[k],
  }));
}
