import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const DEADLINES_FILE = 'deadlines.yaml';

export const DEADLINE_KINDS = [
  'INITIAL_NOTIFICATION',
  'ANNUAL_NOTIFICATION',
  'CHANGE_OF_DETAILS',
  'FOREIGN_TRAVEL',
  'OASYS_REVIEW',
  'RISK_MANAGEMENT_PLAN',
  'INDEFINITE_REVIEW_ELIGIBILITY',
  'ORDER_EXPIRY',
  'FOREIGN_TRAVEL_PROHIBITION_LAPSE',
  'REGISTRATION_END',
  'RELEASE_PLANNING',
  'LICENCE_EXPIRY',
  'MAPPA_ACTION',
  'MAPPA_ACTION_ESCALATED',
  'POLICE_MANAGER',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const ON_PASSING = ['OVERDUE', 'ORDER_EXPIRED', 'REGISTRATION_ENDED', 'RESPONSIBILITY_GAP', 'NOTHING'] as const;
export type OnPassing = (typeof ON_PASSING)[number];

export interface DeadlineRule {
  description: string;
  leadDays: number;
  onPassing: OnPassing;
  days?: number;
  weeks?: number;
  years?: number;
  workingDays?: number;
  /** MAPPA_ACTION_ESCALATED: days overdue before the chair is told (default 5). */
  escalateAfterDays?: number;
  /** False: the clock raises no deadline.due before the day (an escalation is news only when it happens). */
  dueNotice?: boolean;
}

export type DeadlineRules = Record<DeadlineKind, DeadlineRule>;

/** Loads config/reference/deadlines.yaml; every kind must be there, each field valid. */
export function loadDeadlineRules(referenceDir: string): DeadlineRules {
  const file = join(referenceDir, DEADLINES_FILE);
  const fail = (field: string, reason: string): never => {
    throw new Error(`Invalid reference data in ${file}: ${field}: ${reason}`);
  };
  const raw = parse(readFileSync(file, 'utf8')) as { kinds?: Record<string, Record<string, unknown>> };
  if (!raw?.kinds || typeof raw.kinds !== 'object') fail('kinds', 'must be a mapping of deadline kinds');
  const unknown = Object.keys(raw.kinds!).filter((k) => !(DEADLINE_KINDS as readonly string[]).includes(k));
  if (unknown.length) fail('kinds', `unknown kind(s) ${unknown.join(', ')}`);
  const rules = {} as DeadlineRules;
  for (const kind of DEADLINE_KINDS) {
    const r = raw.kinds![kind];
    if (!r) fail(`kinds.${kind}`, 'is missing');
    const count = (key: string, required: boolean) => {
      const v = r[key];
      if (v === undefined && !required) return undefined;
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 3650)
        fail(`kinds.${kind}.${key}`, 'must be a whole number 0-3650');
      return v as number;
    };
    const flag = (key: string) => {
      if (typeof r[key] !== 'boolean') fail(`kinds.${kind}.${key}`, 'must be true or false');
      return r[key] as boolean;
    };
    if (typeof r.description !== 'string' || !r.description) fail(`kinds.${kind}.description`, 'is required');
    if (!(ON_PASSING as readonly string[]).includes(r.onPassing as string))
      fail(`kinds.${kind}.onPassing`, `must be one of ${ON_PASSING.join(', ')}`);
    rules[kind] = {
      description: r.description as string,
      leadDays: count('leadDays', true)!,
      onPassing: r.onPassing as OnPassing,
      ...(r.days !== undefined ? { days: count('days', false) } : {}),
      ...(r.weeks !== undefined ? { weeks: count('weeks', false) } : {}),
      ...(r.years !== undefined ? { years: count('years', false) } : {}),
      ...(r.workingDays !== undefined ? { workingDays: count('workingDays', false) } : {}),
      ...(kind === 'MAPPA_ACTION_ESCALATED' ? { escalateAfterDays: count('escalateAfterDays', false) ?? 5 } : {}),
      ...(r.dueNotice !== undefined ? { dueNotice: flag('dueNotice') } : {}),
    };
  }
  for (const [kind, field] of [
    ['INITIAL_NOTIFICATION', 'days'],
    ['FOREIGN_TRAVEL_PROHIBITION_LAPSE', 'years'],
    ['RELEASE_PLANNING', 'days'],
    ['POLICE_MANAGER', 'days'],
  ] as const) {
    if (rules[kind][field] === undefined) fail(`kinds.${kind}.${field}`, 'is required for this kind');
  }
  return rules;
}
