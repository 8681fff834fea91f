import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import type { AgencyRegistry } from '../auth/agency-registry';
import type { AuditLog } from '../audit/audit-log';
import type { PersonClaim, RecordHearingResult } from '../canonical/commands';
import type { Provenance } from '../canonical/provenance';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import type { OutboxSignal } from '../routing/outbox-signal';
import { loadResponsibilityReference } from '../responsibility/responsibility-reference';
import { loadNotificationPeriodTable } from '../rules/notification-period-table';
import type { AppliedCommand, SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import type { SubjectConsequences } from '../consequences/subject-consequences';
import type { SubjectEventsRepository } from '../subjects/subject-events.repository';
import type { StoredSubject, SubjectRepository } from '../subjects/subject.repository';
import type { WatchlistSender } from '../watchlist/watchlist-sender';
import type { IdentityResolver } from './identity-resolver';
import { replayRecord } from './record-replay';
import { SubjectMerger } from './subject-merger';
import type { UnmergeCorrections } from './unmerge-corrections';

/**
 * SubjectMerger's refusals, decided before anything is written. The merger still issues its own
 * SQL against other modules' tables (identity keys, merges, reviews, watchlist entries: issue
 * 15's "one owner per table" moves it), so the in-memory manager below answers only the reads
 * the refusals make and fails on any write: a refused merge that wrote would fail here. The
 * record effects of a merge and an unmerge (replay of both histories; which side a command
 * goes back to) are specified in record-replay.spec.ts and identity-keys-snapshot.spec.ts.
 */

const table = loadNotificationPeriodTable('config/reference');
const places = loadResponsibilityReference('config/reference');
const OPERATOR: Caller = {
  agency: { id: 'hub.operators', name: 'Hub operators', kind: 'HUB', areas: [], jwks: '', scopes: [] },
  sub: 'dpo@example',
  scopes: [],
} as unknown as Caller;
const SURVIVOR = '00000000-0000-4000-8000-000000000001';
const ABSORBED = '00000000-0000-4000-8000-000000000002';

const person = (pnc: string): PersonClaim => ({
  forenames: 'Mary',
  surname: 'JONES',
  aliases: [],
  dateOfBirth: '1990-05-05',
  identifiers: [{ scheme: 'PNC', value: pnc }],
});
const hearing = (pnc: string, urn: string): RecordHearingResult => ({
  kind: 'RECORD_HEARING_RESULT',
  person: person(pnc),
  court: { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' },
  caseUrn: urn,
  hearingDate: '2026-10-14',
  findings: [
    {
      sequence: 1,
      offenceCode: 'SX03014',
      wording: 'Sexual assault',
      finding: 'GUILTY',
      convictionDate: '2026-09-30',
      notificationCertificate: true,
    },
  ],
  sentence: { sentenceDate: '2026-10-14', disposal: 'COMMUNITY_ORDER' },
  orders: [],
  senderAreas: ['WYP'],
});
const provenance = (messageId: string): Provenance => ({
  kind: 'COURT',
  agency: 'court.leeds',
  messageId,
  receivedAt: '2026-10-14T16:00:00Z',
});

/** Each subject's command log, and its record as that log rebuilds it. */
function logged(subjectId: string, id: number, pnc: string): { command: AppliedCommand; record: SubjectRecord } {
  const command: AppliedCommand = {
    id,
    subjectId,
    inboundMessageId: `m-${id}`,
    command: hearing(pnc, `URN-${id}`),
    provenance: provenance(`m-${id}`),
  };
  return { command, record: replayRecord([command], table, places) };
}

function mergerOver(opts: {
  subjects: StoredSubject[];
  commands?: AppliedCommand[];
  decision?: 'LINK' | 'KEEP_APART' | null;
}) {
  const reads: string[] = [];
  const m = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('FROM subjects WHERE id = ANY')) {
        reads.push('lock');
        const wanted = (params[0] as string[]).map((x) => x.toLowerCase());
        return opts.subjects.filter((s) => wanted.includes(s.id)).map((s) => ({ id: s.id }));
      }
      if (sql.includes('FROM identity_decisions')) {
        reads.push('decision');
        return opts.decision ? [{ decision: opts.decision }] : [];
      }
      throw new Error(`a refused merge must not write: ${sql}`);
    },
  } as unknown as EntityManager;
  const subjects = {
    lockForUpdate: async (_m: EntityManager, id: string) => opts.subjects.find((s) => s.id === id.toLowerCase())!,
  } as unknown as SubjectRepository;
  const commandLog = {
    forSubjects: async (_m: EntityManager, ids: string[]) =>
      (opts.commands ?? []).filter((c) => ids.includes(c.subjectId)),
    reassign: async () => {
      throw new Error('a refused merge must not move commands');
    },
  } as unknown as SubjectCommandsRepository;
  const unused = {} as never;
  const merger = new SubjectMerger(
    subjects,
    commandLog,
    unused as SubjectEventsRepository,
    unused as SubjectConsequences,
    unused as IdentityResolver,
    unused as UnmergeCorrections,
    unused as AgencyRegistry,
    unused as AuditLog,
    unused as OutboxSignal,
    unused as WatchlistSender,
    table,
    places,
  );
  return {
    merge: (survivor: string, absorbed: string) => merger.merge(m, OPERATOR, survivor, absorbed, 'same person'),
    reads,
  };
}

const subject = (id: string, record: SubjectRecord = emptySubjectRecord(), mergedInto: string | null = null) => ({
  id,
  record,
  areas: [],
  mergedInto,
  createdAt: '',
  updatedAt: '',
});

describe('SubjectMerger.merge refuses, writing nothing', () => {
  it('a subject merged into itself (422), whatever the case of its id', async () => {
    const { merge, reads } = mergerOver({ subjects: [subject(SURVIVOR)] });
    await expect(merge(SURVIVOR, SURVIVOR.toUpperCase())).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'mergeSubjectId', message: 'must be a different subject from the survivor' }],
    });
    expect(reads).toEqual([]);
  });

  it('a subject the hub does not hold (404), naming which one', async () => {
    const { merge } = mergerOver({ subjects: [subject(SURVIVOR)] });
    await expect(merge(SURVIVOR, ABSORBED)).rejects.toMatchObject({
      status: 404,
      errors: [{ path: 'mergeSubjectId', message: 'is not a subject the hub holds' }],
    });
    await expect(merge(SURVIVOR, 'not-a-uuid')).rejects.toMatchObject({ status: 404 });
    await expect(merge(ABSORBED, SURVIVOR)).rejects.toMatchObject({ status: 404, errors: undefined });
  });

  it('a survivor that is itself merged, or a subject already merged elsewhere (409)', async () => {
    const elsewhere = '00000000-0000-4000-8000-000000000009';
    const survivorMerged = mergerOver({ subjects: [subject(SURVIVOR, undefined, elsewhere), subject(ABSORBED)] });
    await expect(survivorMerged.merge(SURVIVOR, ABSORBED)).rejects.toMatchObject({
      status: 409,
      detail: 'The survivor is itself merged into another subject',
    });
    const absorbedMerged = mergerOver({ subjects: [subject(SURVIVOR), subject(ABSORBED, undefined, elsewhere)] });
    await expect(absorbedMerged.merge(SURVIVOR, ABSORBED)).rejects.toMatchObject({
      status: 409,
      detail: 'That subject is already merged into another subject',
    });
  });

  it('two subjects a person decided are different people (KEEP_APART, 409)', async () => {
    const { merge, reads } = mergerOver({
      subjects: [subject(SURVIVOR), subject(ABSORBED)],
      decision: 'KEEP_APART',
    });
    await expect(merge(SURVIVOR, ABSORBED)).rejects.toMatchObject({
      status: 409,
      detail: 'These subjects were decided to be different people (KEEP_APART)',
    });
    expect(reads).toEqual(['lock', 'decision']);
  });

  it('a record its command log does not rebuild exactly, since the merge could not be undone (409)', async () => {
    const a = logged(SURVIVOR, 1, '2010/1111111F');
    const b = logged(ABSORBED, 2, '2011/2222222A');
    // The absorbed record holds a conviction its log never carried (it predates the command log).
    const drifted = { ...b.record, convictions: [...b.record.convictions, ...a.record.convictions] };
    const { merge } = mergerOver({
      subjects: [subject(SURVIVOR, a.record), subject(ABSORBED, drifted)],
      commands: [a.command, b.command],
    });
    await expect(merge(SURVIVOR, ABSORBED)).rejects.toMatchObject({
      status: 409,
      detail: expect.stringContaining('cannot be rebuilt from its history'),
    });
  });

  it('goes past every refusal for two records their logs rebuild (and reaches its first write)', async () => {
    const a = logged(SURVIVOR, 1, '2010/1111111F');
    const b = logged(ABSORBED, 2, '2011/2222222A');
    const { merge } = mergerOver({
      subjects: [subject(SURVIVOR, a.record), subject(ABSORBED, b.record)],
      commands: [a.command, b.command],
    });
    // The in-memory manager answers no identity-key read: the merge got that far, past the refusals.
    await expect(merge(SURVIVOR, ABSORBED)).rejects.toThrow(/must not write: SELECT/);
  });
});
