import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import type { AgreementRegistry } from '../agreements/agreement-registry';
import type { AgreementSuspensions } from '../agreements/agreement-suspensions';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import type { Agency, Caller } from '../auth/agency';
import type { AgencyRegistry } from '../auth/agency-registry';
import type { AuditEntry } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import type { CanonicalCommand, OrderTerms, PersonClaim, RecordHearingResult } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import type { IdentityResolver, Resolution } from '../identity/identity-resolver';
import { loadResponsibilityReference } from '../responsibility/responsibility-reference';
import { loadCountries } from '../rules/countries';
import { loadDeadlineRules } from '../rules/deadline-rules';
import { loadNotificationPeriodTable } from '../rules/notification-period-table';
import type { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import type { SubjectConsequences } from '../consequences/subject-consequences';
import type { SubjectEventsRepository } from '../subjects/subject-events.repository';
import type { StoredSubject, SubjectRepository } from '../subjects/subject.repository';
import type { WatchlistEntries, WatchlistEntry } from '../watchlist/watchlist-entries';
import type { WatchlistSender } from '../watchlist/watchlist-sender';
import { CommandRejected } from './command-rejected';
import type { IdempotencyStore } from './idempotency.store';
import type { InboundMessageRepository, InboundMessageToStore } from './inbound-message.repository';
import { IngestionService } from './ingestion.service';
import type { OutboxSignal } from '../routing/outbox-signal';

/**
 * IngestionService over an in-memory hub: the repositories keep their rows in one state object,
 * and a transaction is all or nothing (a throw restores the state it began with), as Postgres
 * would. The record rules, responsibility and the disclosure policy are the real ones.
 */

const table = loadNotificationPeriodTable('config/reference');
const places = loadResponsibilityReference('config/reference');
const deadlineRules = loadDeadlineRules('config/reference');
const countries = loadCountries('config/reference');

const agency = (id: string, kind: Agency['kind'], areas: string[]): Caller => ({
  agency: { id, name: id, kind, areas, jwks: '', scopes: [] },
  sub: `${id}-system`,
  scopes: [],
});
const COURT = agency('court.leeds', 'COURT', ['WYP']);
const POLICE_ELSEWHERE = agency('police.greater-manchester', 'POLICE', ['GMP']);

const person = (pnc = '2010/1111111F', address?: PersonClaim['address']): PersonClaim => ({
  forenames: 'Mary',
  surname: 'JONES',
  aliases: [],
  dateOfBirth: '1990-05-05',
  identifiers: [{ scheme: 'PNC', value: pnc }],
  ...(address ? { address } : {}),
});
const shpo = (orderRef: string): OrderTerms => ({
  orderRef,
  orderType: 'SHPO',
  madeOn: '2026-10-14',
  duration: { years: 5 },
  prohibitions: [],
  passportSurrender: false,
});
const conviction = (urn: string, who = person(), orders: OrderTerms[] = []): RecordHearingResult => ({
  kind: 'RECORD_HEARING_RESULT',
  person: who,
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
  orders,
});
const pncNoOp = (who = person()): CanonicalCommand => ({
  kind: 'RECORD_PNC_UPDATE',
  person: who,
  change: { type: 'NOMINAL_UPDATED' },
});

const message = (key: string | null = 'key-1'): InboundMessageToStore => ({
  agencyId: 'court.leeds',
  adapter: 'court-outcomes',
  idempotencyKey: key,
  sourceMessageId: null,
  contentType: 'application/json',
  body: Buffer.from('{}'),
  bodySha256: 'sha',
});

interface HubState {
  messages: { id: string; subjectIds: string[] }[];
  subjects: Record<string, StoredSubject>;
  /** PNC id → subject, as the identity index holds it. */
  byPnc: Record<string, string>;
  orderOwners: Record<string, string>;
  events: { id: string; subjectId: string; type: string; data: Record<string, unknown>; sourceAgency: string }[];
  audit: AuditEntry[];
  commandLog: { subjectId: string; command: CanonicalCommand }[];
  idempotent: Record<string, { status: number; body: unknown }>;
  watchlist: WatchlistEntry[];
}

class InMemoryHub {
  state: HubState = {
    messages: [],
    subjects: {},
    byPnc: {},
    orderOwners: {},
    events: [],
    audit: [],
    commandLog: [],
    idempotent: {},
    watchlist: [],
  };
  outboxWakeups = 0;
  private readonly m = {} as EntityManager;

  service(): IngestionService {
    const s = () => this.state;
    const dataSource = {
      transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
        const before = structuredClone(this.state);
        try {
          return await work(this.m);
        } catch (e) {
          this.state = before; // rolled back
          throw e;
        }
      },
    } as unknown as DataSource;
    const messages = {
      insertAccepted: async () => {
        const id = `msg-${s().messages.length + 1}`;
        s().messages.push({ id, subjectIds: [] });
        return id;
      },
      setSubjects: async (id: string, subjectIds: string[]) => {
        s().messages.find((x) => x.id === id)!.subjectIds = subjectIds;
      },
    } as unknown as InboundMessageRepository;
    const idempotency = {
      complete: async (agencyId: string, adapter: string, key: string, status: number, body: unknown) => {
        s().idempotent[`${agencyId}/${adapter}/${key}`] = { status, body };
      },
    } as unknown as IdempotencyStore;
    const identity = {
      resolve: async (_m: EntityManager, claim: PersonClaim): Promise<Resolution> => {
        const pnc = claim.identifiers.find((i) => i.scheme === 'PNC')?.value;
        const known = pnc ? s().byPnc[pnc] : undefined;
        if (known) return { subjectId: known, isNew: false, basis: 'IDENTIFIER', linkedBy: 'PNC' };
        const id = `s-${Object.keys(s().subjects).length + 1}`;
        this.subject(id, emptySubjectRecord());
        return { subjectId: id, isNew: true, basis: 'NEW_SUBJECT' };
      },
      index: async (_m: EntityManager, subjectId: string, claim: PersonClaim) => {
        for (const i of claim.identifiers) if (i.scheme === 'PNC') s().byPnc[i.value] = subjectId;
      },
    } as unknown as IdentityResolver;
    const subjects = {
      lockForUpdate: async (_m: EntityManager, id: string) => structuredClone(s().subjects[id]),
      orderOwners: async (_m: EntityManager, refs: string[]) =>
        new Map(refs.filter((r) => s().orderOwners[r]).map((r) => [r, s().orderOwners[r]])),
      save: async (_m: EntityManager, id: string, record: SubjectRecord, areas: string[]) => {
        s().subjects[id] = { ...s().subjects[id], record: structuredClone(record), areas };
      },
      indexOrders: async (_m: EntityManager, id: string, refs: string[]) => {
        for (const r of refs) s().orderOwners[r] = id;
      },
    } as unknown as SubjectRepository;
    const events = {
      append: async (_m: EntityManager, subjectId: string, raised: DomainEvent[], sourceAgency: string) =>
        raised.map((e) => {
          const id = `e-${s().events.length + 1}`;
          s().events.push({ id, subjectId, type: e.type, data: e.data, sourceAgency });
          return id;
        }),
    } as unknown as SubjectEventsRepository;
    const audit = { record: async (entries: AuditEntry[]) => void s().audit.push(...entries) } as unknown as AuditLog;
    const outboxSignal = { notify: () => void this.outboxWakeups++ } as unknown as OutboxSignal;
    const registry = { all: () => [], find: () => undefined } as unknown as AgreementRegistry;
    const suspensions = { refresh: async () => undefined, isSuspended: () => false } as unknown as AgreementSuspensions;
    const agencies = { all: () => [COURT.agency, POLICE_ELSEWHERE.agency] } as unknown as AgencyRegistry;
    const consequences = { rederive: async () => [] } as unknown as SubjectConsequences;
    const commandLog = {
      append: async (_m: EntityManager, subjectId: string, command: CanonicalCommand) =>
        void s().commandLog.push({ subjectId, command }),
    } as unknown as SubjectCommandsRepository;
    const watchlist = {
      findByRef: async (_m: EntityManager, ref: string) => s().watchlist.find((w) => w.watchlistRef === ref) ?? null,
    } as unknown as WatchlistEntries;
    const watchlistSender = { enqueue: async () => undefined } as unknown as WatchlistSender;
    return new IngestionService(
      dataSource,
      messages,
      idempotency,
      identity,
      subjects,
      events,
      audit,
      outboxSignal,
      new DisclosurePolicy(registry, suspensions),
      agencies,
      table,
      places,
      consequences,
      commandLog,
      watchlist,
      watchlistSender,
      deadlineRules,
      countries,
    );
  }

  subject(id: string, record: SubjectRecord, mergedInto: string | null = null): void {
    this.state.subjects[id] = { id, record, areas: [], mergedInto, createdAt: '', updatedAt: '' };
  }
}

describe('IngestionService', () => {
  it('accepts a conviction: one new subject, its events, its areas from responsibility, audit rows and the idempotent answer, together', async () => {
    const hub = new InMemoryHub();
    const answer = await hub.service().ingest(COURT, message(), [conviction('URN-1')], 'COURT');

    expect(answer).toMatchObject({ messageId: 'msg-1', status: 'accepted', subjectIds: ['s-1'] });
    expect(answer.events).toEqual(hub.state.events.map((e) => e.id));
    expect(hub.state.events.map((e) => e.type)).toContain('conviction.recorded');
    // Every event says how its subject was linked.
    for (const e of hub.state.events) expect(e.data.link).toEqual({ basis: 'NEW_SUBJECT' });
    // The convicting court's area, until a manager exists: the first force is told.
    expect(hub.state.subjects['s-1'].areas).toEqual(['WYP']);
    expect(hub.state.subjects['s-1'].record.convictions).toHaveLength(1);
    // The command is logged with the sender's areas stamped, so a replay places facts the same way.
    expect(hub.state.commandLog).toMatchObject([{ subjectId: 's-1', command: { senderAreas: ['WYP'] } }]);
    expect(hub.state.audit.map((a) => [a.action, a.operation])).toEqual([
      ['ALTERATION', 'subject.created'],
      ['COLLECTION', 'inbound.accepted'],
    ]);
    expect(hub.state.idempotent['court.leeds/court-outcomes/key-1']).toEqual({ status: 202, body: answer });
    expect(hub.outboxWakeups).toBe(1);
  });

  it('a message with no idempotency key is accepted without an idempotent answer stored', async () => {
    const hub = new InMemoryHub();
    await hub.service().ingest(COURT, message(null), [conviction('URN-1')], 'COURT');
    expect(hub.state.idempotent).toEqual({});
    expect(hub.state.events.length).toBeGreaterThan(0);
  });

  it('a second message about the same person folds into the same subject, recorded as a combination', async () => {
    const hub = new InMemoryHub();
    const service = hub.service();
    await service.ingest(COURT, message('k-1'), [conviction('URN-1')], 'COURT');
    const answer = await service.ingest(POLICE_ELSEWHERE, message('k-2'), [pncNoOp()], 'PNC');
    expect(answer.subjectIds).toEqual(['s-1']);
    expect(Object.keys(hub.state.subjects)).toEqual(['s-1']);
    expect(hub.state.audit.filter((a) => a.action === 'COMBINATION')).toMatchObject([
      {
        operation: 'subject.matched',
        agencyId: POLICE_ELSEWHERE.agency.id,
        details: { combinedWith: ['court.leeds'] },
      },
    ]);
  });

  it('a message that states no responsibility adds no area: pushing one grants the sender no sight of the person', async () => {
    const hub = new InMemoryHub();
    const service = hub.service();
    await service.ingest(COURT, message('k-1'), [conviction('URN-1')], 'COURT');
    await service.ingest(POLICE_ELSEWHERE, message('k-2'), [pncNoOp()], 'PNC');
    expect(hub.state.subjects['s-1'].areas).toEqual(['WYP']);
    expect(hub.state.subjects['s-1'].areas).not.toContain('GMP');
  });

  it('refuses an order the hub holds for a different person, and keeps nothing of the message', async () => {
    const hub = new InMemoryHub();
    const service = hub.service();
    await service.ingest(COURT, message('k-1'), [conviction('URN-1', person(), [shpo('ORD-1')])], 'COURT');
    const before = structuredClone(hub.state);
    const other = person('2011/2222222G');
    const attempt = service.ingest(COURT, message('k-2'), [conviction('URN-2', other, [shpo('ORD-1')])], 'COURT');
    await expect(attempt).rejects.toBeInstanceOf(CommandRejected);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ path: 'orders[0].orderRef', message: 'belongs to an order the hub holds for a different person' }],
    });
    // All or nothing: no message, subject, event or audit row of the refused one (the inbound controller quarantines it).
    expect(hub.state).toEqual(before);
    expect(hub.outboxWakeups).toBe(1);
  });

  it('sends the facts of a subject merged meanwhile to the survivor', async () => {
    const hub = new InMemoryHub();
    hub.subject('s-survivor', emptySubjectRecord());
    hub.subject('s-merged', emptySubjectRecord(), 's-survivor');
    hub.state.byPnc['2010/1111111F'] = 's-merged';
    const answer = await hub.service().ingest(COURT, message(), [conviction('URN-1')], 'COURT');
    expect(answer.subjectIds).toEqual(['s-survivor']);
    expect(hub.state.subjects['s-survivor'].record.convictions).toHaveLength(1);
    expect(hub.state.subjects['s-merged'].record.convictions).toHaveLength(0);
  });

  it('refuses a watchlist hit on an entry the hub never lodged, or has withdrawn', async () => {
    const hub = new InMemoryHub();
    const hmpo = agency('hmpo', 'HMPO', []);
    const hit = (watchlistRef: string): CanonicalCommand => ({
      kind: 'RECORD_WATCHLIST_HIT',
      person: person(),
      hit: {
        hitId: 'h-1',
        watchlistRef,
        application: { type: 'RENEWAL', receivedOn: '2026-10-20', office: 'Durham' },
        applicant: { surname: 'JONES', forenames: 'Mary', dateOfBirth: '1990-05-05' },
      },
    });
    hub.state.watchlist.push({
      subjectId: 's-9',
      orderRef: 'ORD-9',
      state: 'withdrawn',
      watchlistRef: 'W-OLD',
    } as WatchlistEntry);
    await expect(hub.service().ingest(hmpo, message(), [hit('W-NONE')], 'HMPO')).rejects.toMatchObject({
      errors: [{ path: 'WatchlistRef', message: 'is not an entry the hub lodged with HMPO' }],
    });
    await expect(hub.service().ingest(hmpo, message(), [hit('W-OLD')], 'HMPO')).rejects.toMatchObject({
      errors: [{ path: 'WatchlistRef', message: 'names an entry the hub has withdrawn from HMPO' }],
    });
    expect(hub.state.messages).toEqual([]);
  });
});
