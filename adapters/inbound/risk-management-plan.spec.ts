import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PncAdapter } from './pnc/pnc.adapter';
import { ProbationAdapter } from './probation/probation.adapter';

// mappa.md "Risk management plans": the same `plan` from probation (eventType) and the police
// (PNC updateType), validated alike, each bad field named by its path.

const fixture = (source: 'probation' | 'pnc'): Record<string, any> =>
  JSON.parse(
    readFileSync(
      join(process.cwd(), 'adapters', 'inbound', source, 'fixtures', 'risk-management-plan-recorded.json'),
      'utf8',
    ),
  );

const SOURCES = [
  { source: 'probation' as const, adapter: new ProbationAdapter(), id: 'eventId', type: 'eventType', other: 'mappa' },
  {
    source: 'pnc' as const,
    adapter: new PncAdapter(new Map([['GB', 'United Kingdom']])),
    id: 'updateId',
    type: 'updateType',
    other: 'caution',
  },
];

describe.each(SOURCES)('a risk management plan from $source', ({ source, adapter, id, type, other }) => {
  function errorPaths(edit: (m: Record<string, any>) => void): string[] {
    const message = fixture(source);
    edit(message);
    const result = adapter.parse(message);
    if (result.ok) return [];
    if (!('errors' in result)) throw new Error(`unreadable: ${result.unreadable}`);
    // Each field once: a field failing several rules has an entry per rule (one message each).
    return [...new Set(result.errors.map((e) => e.path))].sort();
  }

  it('maps the fixture to one plan change, its id the source message id', () => {
    const m = fixture(source);
    const result = adapter.parse(m);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.commands).toHaveLength(1);
    expect((result.commands[0] as { change: unknown }).change).toEqual({
      type: 'RISK_MANAGEMENT_PLAN',
      plan: {
        planId: m[id],
        recordedOn: '2026-11-06',
        assessmentCompletedOn: '2026-11-03',
        ...(m.plan.meetingId ? { meetingId: m.plan.meetingId } : {}),
        summary: m.plan.summary,
        reviewOn: '2027-02-06',
      },
    });
  });

  it.each<[string, (m: Record<string, any>) => void, string[]]>([
    ['no plan for the type', (m) => delete m.plan, ['plan']],
    [
      'a plan with another type',
      (m) => (m[type] = source === 'pnc' ? 'NOMINAL_UPDATED' : 'MAPPA_CHANGED'),
      source === 'pnc' ? ['plan'] : ['mappa', 'plan'],
    ],
    ['another body with the plan', (m) => (m[other] = source === 'pnc' ? fixtureCaution() : fixtureMappa()), [other]],
    ['a plan that is not an object', (m) => (m.plan = ['a plan']), ['plan', 'plan[0]']],
    [
      'each date missing or malformed',
      (m) => {
        delete m.plan.recordedOn;
        m.plan.assessmentCompletedOn = '2026-02-30';
        m.plan.reviewOn = 20270206;
      },
      ['plan.assessmentCompletedOn', 'plan.recordedOn', 'plan.reviewOn'],
    ],
    [
      'recorded in the future',
      (m) => {
        m.plan.recordedOn = '2999-01-01';
        m.plan.reviewOn = '2999-06-01';
      },
      ['plan.recordedOn'],
    ],
    [
      'an assessment completed in the future',
      (m) => (m.plan.assessmentCompletedOn = '2999-01-01'),
      ['plan.assessmentCompletedOn', 'plan.recordedOn'],
    ],
    ['recorded before the assessment it names', (m) => (m.plan.recordedOn = '2026-11-02'), ['plan.recordedOn']],
    ['a review not after the plan is recorded', (m) => (m.plan.reviewOn = '2026-11-06'), ['plan.reviewOn']],
    ['a summary over 4,000 characters', (m) => (m.plan.summary = 'x'.repeat(4001)), ['plan.summary']],
    ['an empty summary', (m) => (m.plan.summary = ''), ['plan.summary']],
    ['a meeting id over 100 characters', (m) => (m.plan.meetingId = 'M'.repeat(101)), ['plan.meetingId']],
    [
      'a property the contract does not have (victim details)',
      (m) => (m.plan.victimName = 'Jane Doe'),
      ['plan.victimName'],
    ],
  ])('%s: refused, each bad field named', (_name, edit, paths) => {
    expect(errorPaths(edit)).toEqual(paths);
  });

  it('takes a summary of exactly 4,000 characters and no meeting id', () => {
    expect(
      errorPaths((m) => {
        m.plan.summary = 'x'.repeat(4000);
        delete m.plan.meetingId;
      }),
    ).toEqual([]);
  });
});

function fixtureCaution() {
  return { cautionedOn: '2026-11-01', offenceCode: 'SX03066', wording: 'Exposure', notifiable: true, youth: false };
}

function fixtureMappa() {
  return { category: 1, level: 2, startDate: '2026-11-01', leadAgency: 'PROBATION' };
}
