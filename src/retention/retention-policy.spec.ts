import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import { retentionEnd, retentionHasEnded } from './retention-end';
import { loadRetentionPolicy, parseRetentionPolicy, type RetentionPolicy } from './retention-policy';

const POLICY: RetentionPolicy = {
  recordTypes: {
    registration: { kind: 'FIXED', years: 10, months: 0 },
    order: { kind: 'FIXED', years: 5, months: 6 },
    conviction: { kind: 'FIXED', years: 6, months: 0 },
    subject: { kind: 'FIXED', years: 2, months: 0 },
  },
};

const provenance = {
  kind: 'COURT' as const,
  agency: 'court.leeds-crown',
  messageId: 'm',
  receivedAt: '2001-01-01T00:00:00Z',
};

function recordWith(parts: Partial<SubjectRecord>): SubjectRecord {
  return { ...emptySubjectRecord(), ...parts };
}

describe('the retention policy file', () => {
  it('the shipped config/reference/retention.yaml loads', () => {
    const policy = loadRetentionPolicy('config/reference');
    expect(policy.recordTypes.registration).toEqual({ kind: 'FIXED', years: 10, months: 0 });
    expect(policy.keepUntilAge).toBe(100);
  });

  it.each([
    ['recordTypes: { registration: P10Y, order: P10Y, conviction: P10Y }', 'recordTypes.subject: is missing'],
    [
      'recordTypes: { registration: P10Y, order: P10Y, conviction: P10Y, subject: P6Y, warning: P1Y }',
      'recordTypes.warning: unknown field',
    ],
    [
      'recordTypes: { registration: 10 years, order: P10Y, conviction: P10Y, subject: P6Y }',
      'recordTypes.registration:',
    ],
    ['recordTypes: { registration: P1Y14M, order: P10Y, conviction: P10Y, subject: P6Y }', 'recordTypes.registration:'],
    [
      'recordTypes: { registration: P10Y, order: P10Y, conviction: P10Y, subject: P6Y }\nkeepUntilAge: -1',
      'keepUntilAge:',
    ],
    ['retention: {}', 'retention: unknown field'],
  ])('refuses %s, naming the field', (yaml, message) => {
    expect(() => parseRetentionPolicy(yaml, 'retention.yaml')).toThrow(message);
  });

  it('a missing file stops the hub with the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retention-'));
    try {
      expect(() => loadRetentionPolicy(dir)).toThrow(/retention\.yaml: \(file\): cannot be read/);
      writeFileSync(join(dir, 'retention.yaml'), 'recordTypes: [');
      expect(() => loadRetentionPolicy(dir)).toThrow(/retention\.yaml: \(yaml\)/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('when a subject’s retention ends', () => {
  it('a bare record: its last change plus the subject period', () => {
    expect(retentionEnd(emptySubjectRecord(), '2020-03-31', POLICY)).toEqual({
      endsOn: '2022-03-31',
      heldBy: 'subject',
    });
  });

  it('the latest of every record it holds decides', () => {
    const record = recordWith({
      convictions: [{ convictionDate: '2010-05-01', provenance } as SubjectRecord['convictions'][number]],
      registrations: [{ endDate: '2015-05-01', provenance } as SubjectRecord['registrations'][number]],
      orders: [
        {
          status: 'DISCHARGED',
          endDate: '2030-01-01',
          dischargedOn: '2012-01-31',
          provenance,
        } as SubjectRecord['orders'][number],
      ],
    });
    // registration 2015-05-01 + 10y beats conviction + 6y, the discharged order + 5y6m and the subject + 2y.
    expect(retentionEnd(record, '2016-01-01', POLICY)).toEqual({ endsOn: '2025-05-01', heldBy: 'registration' });
  });

  it('an indefinite registration, or an order in force with no end, is never past retention', () => {
    const indefinite = recordWith({
      registrations: [{ endDate: null, provenance } as SubjectRecord['registrations'][number]],
    });
    expect(retentionEnd(indefinite, '2001-01-01', POLICY)).toEqual({ endsOn: null, heldBy: 'registration' });
    const order = recordWith({
      orders: [{ status: 'ACTIVE', endDate: null, provenance } as SubjectRecord['orders'][number]],
    });
    expect(retentionEnd(order, '2001-01-01', POLICY).endsOn).toBeNull();
    expect(
      retentionEnd(emptySubjectRecord(), '2001-01-01', {
        ...POLICY,
        recordTypes: { ...POLICY.recordTypes, subject: { kind: 'INDEFINITE' } },
      }).endsOn,
    ).toBeNull();
  });

  it('keepUntilAge holds the record until that birthday', () => {
    const record = recordWith({ dateOfBirth: { value: '1950-02-28', provenance } });
    expect(retentionEnd(record, '2001-01-01', { ...POLICY, keepUntilAge: 100 })).toEqual({
      endsOn: '2050-02-28',
      heldBy: 'keepUntilAge',
    });
  });

  it('has ended from its end date on, not the day before', () => {
    const end = { endsOn: '2025-05-01', heldBy: 'subject' as const };
    expect(retentionHasEnded(end, '2025-04-30')).toBe(false);
    expect(retentionHasEnded(end, '2025-05-01')).toBe(true);
    expect(retentionHasEnded({ endsOn: null, heldBy: 'registration' }, '2999-01-01')).toBe(false);
  });
});
