import { describe, expect, it } from '@jest/globals';
import { DelayedError, type Job } from 'bullmq';
import type { HubEnvironment } from '../../config/environment';
import type { Agreement } from '../agreements/agreement';
import type { AgreementRegistry } from '../agreements/agreement-registry';
import type { AgreementSuspensions } from '../agreements/agreement-suspensions';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { emptySubjectRecord } from '../canonical/subject-record';
import type { HubTelemetry } from '../telemetry/hub-telemetry';
import type { StoredSubject, SubjectRepository } from '../subjects/subject.repository';
import type { SubscriptionSecrets } from '../subscriptions/subscription-secrets';
import type { SubscriptionRepository } from '../subscriptions/subscription.repository';
import type { DeliveryLedger, SentDelivery } from './delivery-ledger';
import type { FailedAttempt, SubscriptionHealth } from './subscription-health';
import type { DeliveryRepository, DeliveryToSend } from './delivery.repository';
import type { DeliveryTransport, OutgoingDelivery, TransportResult } from './delivery-transport.port';
import { DeliveryTransports } from './delivery-transports';
import { SendTimeProjection } from './send-time-projection';
import { DeliveryProcessor } from './delivery.processor';
import type { SubjectEventsRepository } from '../subjects/subject-events.repository';

/**
 * The delivery processor over in-memory doubles of its repositories: the real disclosure policy
 * and send-time projection decide what leaves; a scripted transport answers with the outcome the
 * webhook adapter would give (its HTTP mapping is specified in https-webhook.transport.spec.ts). What is checked is
 * the delivery's fate: sent once, retried on the schedule, dead-lettered, blocked, disabled.
 */

const POLICE = 'police.west-yorkshire';
const SCHEDULE = [1_000, 60_000];

const agreement: Agreement = {
  id: 'DSA-1',
  title: 'DSA-1',
  status: 'active',
  validFrom: '2020-01-01',
  recipients: [POLICE],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['conviction.recorded'],
  conditions: { areas: ['WYP'] },
  fields: ['conviction'],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  ackWithin: 'PT24H',
  file: 'DSA-1.yaml',
};

const subjectIn = (areas: string[]): StoredSubject => ({
  id: 's-1',
  record: emptySubjectRecord(),
  areas,
  mergedInto: null,
  createdAt: '',
  updatedAt: '',
});

function delivery(over: Partial<DeliveryToSend> = {}): DeliveryToSend {
  return {
    id: 'd-1',
    eventId: 'e-1',
    eventType: 'conviction.recorded',
    subjectId: 's-1',
    sequence: 1,
    eventTime: '2026-11-23T10:00:00.000Z',
    agencyId: POLICE,
    agreementIds: ['DSA-1'],
    payload: { conviction: { offenceCode: 'X' } },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    subscriptionId: 'sub-1',
    subscriptionStatus: 'active',
    kind: 'webhook',
    url: 'https://police.example/hook',
    sealedSecret: null,
    previousSealedSecret: null,
    previousSecretExpiresAt: null,
    link: null,
    eventData: { conviction: { offenceCode: 'X' }, victim: { name: 'never sent' } },
    audience: null,
    eventAreas: null,
    subscriptionEventTypes: ['conviction.recorded'],
    subscriptionFilter: {},
    ...over,
  };
}

/** A hub around one delivery: its row, the receiver's scripted answers, and what each collaborator saw. */
function hubWith(row: DeliveryToSend, answers: TransportResult[], opts: { subject?: StoredSubject | null } = {}) {
  const state = { row: { ...row }, statusCode: null as number | null, reason: null as string | null, delayMs: 0 };
  const sent: OutgoingDelivery[] = [];
  const delivered: SentDelivery[] = [];
  const disabled: string[] = [];
  const failures: FailedAttempt[] = [];
  const parkedUntil: number[] = [];
  const settle = (status: DeliveryToSend['status'], reason: string, countAttempt: boolean, code: number | null) => {
    if (!['pending', 'failed'].includes(state.row.status)) return;
    state.row = { ...state.row, status, attempts: state.row.attempts + (countAttempt ? 1 : 0) };
    state.reason = reason;
    state.statusCode = code ?? state.statusCode;
  };
  const deliveries = {
    findToSend: async (id: string) => (id === state.row.id ? { ...state.row } : null),
    close: async (
      _id: string,
      status: 'dead' | 'blocked',
      reason: string,
      count: boolean,
      code: number | null = null,
    ) => settle(status, reason, count, code),
    markFailed: async (_id: string, code: number | null, reason: string, delay: number | null) => {
      settle('failed', reason, true, code);
      state.delayMs = delay ?? 0;
      state.row.nextAttemptAt = new Date(Date.now() + state.delayMs);
    },
    reproject: async () => undefined,
  } as unknown as DeliveryRepository;
  const ledger = {
    attempted: async () => undefined,
    delivered: async (d: SentDelivery) => {
      delivered.push(d);
      settle('delivered', 'delivered', true, d.statusCode);
      return true;
    },
  } as unknown as DeliveryLedger;
  const subscriptions = { disable: async (id: string) => void disabled.push(id) } as unknown as SubscriptionRepository;
  const registry = {
    all: () => [agreement],
    find: (id: string) => (id === agreement.id ? agreement : undefined),
  } as unknown as AgreementRegistry;
  const suspensions = { refresh: async () => undefined, isSuspended: () => false } as unknown as AgreementSuspensions;
  const policy = new DisclosurePolicy(registry, suspensions);
  const subject = opts.subject === undefined ? subjectIn(['WYP']) : opts.subject;
  const subjects = {
    findByIds: async () => new Map(subject ? [[subject.id, subject]] : []),
  } as unknown as SubjectRepository;
  const transport: DeliveryTransport = {
    kind: 'webhook',
    send: async (outgoing) => {
      sent.push(outgoing);
      return answers.shift() ?? { outcome: 'retry', reason: 'no more answers scripted' };
    },
  };
  const env = { retryScheduleMs: SCHEDULE, webhookTimeoutMs: 5_000 } as HubEnvironment;
  const telemetry = { delivery: () => undefined } as unknown as HubTelemetry;
  const events = { traceContextOf: async () => undefined } as unknown as SubjectEventsRepository;
  const health = {
    attemptFailed: async (f: FailedAttempt) => void failures.push(f),
    disabled: async (f: FailedAttempt) => void failures.push({ ...f, reason: `disabled: ${f.reason}` }),
  } as unknown as SubscriptionHealth;
  const processor = new DeliveryProcessor(
    deliveries,
    ledger,
    subscriptions,
    policy,
    new SendTimeProjection(policy, subjects, deliveries),
    new DeliveryTransports([transport]),
    env,
    {} as SubscriptionSecrets,
    telemetry,
    events,
    health,
  );
  const job = {
    data: { deliveryId: row.id },
    moveToDelayed: async (at: number) => void parkedUntil.push(at),
  } as unknown as Job<{ deliveryId: string }>;
  /** One BullMQ run of the job: resolves with whether it was parked for a later attempt. */
  const run = async () => {
    try {
      await processor.process(job, 'token');
      return 'done';
    } catch (e) {
      if (e instanceof DelayedError) return 'parked';
      throw e;
    }
  };
  return { state, sent, delivered, disabled, failures, parkedUntil, run };
}

describe('DeliveryProcessor', () => {
  it('sends the payload projected now (never the unlisted field), once, and records the acknowledgement window', async () => {
    const hub = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 204 }]);
    expect(await hub.run()).toBe('done');
    expect(hub.state.row.status).toBe('delivered');
    expect(hub.sent).toHaveLength(1);
    const body = JSON.parse(hub.sent[0].body);
    expect(body.data).toEqual({ conviction: { offenceCode: 'X' } });
    expect(hub.sent[0].body).not.toContain('never sent');
    expect(hub.sent[0].deliveryId).toBe('d-1');
    expect(hub.sent[0].target).toBe('https://police.example/hook');
    expect(hub.delivered[0].ackWithinMs).toBe(24 * 3_600_000);
  });

  it('is idempotent: a second run of the job after delivery sends nothing', async () => {
    const hub = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 200 }]);
    await hub.run();
    await hub.run();
    expect(hub.sent).toHaveLength(1);
    expect(hub.state.row.status).toBe('delivered');
  });

  it('leaves a dead, blocked or unknown delivery alone', async () => {
    for (const status of ['dead', 'blocked', 'delivered'] as const) {
      const hub = hubWith(delivery({ status }), [{ outcome: 'delivered', statusCode: 200 }]);
      await hub.run();
      expect(hub.sent).toHaveLength(0);
      expect(hub.state.row.status).toBe(status);
    }
  });

  it('blocks, without sending, a delivery whose subject is no longer in an area the agreement covers', async () => {
    const hub = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 200 }], { subject: subjectIn(['NYP']) });
    expect(await hub.run()).toBe('done');
    expect(hub.sent).toHaveLength(0);
    expect(hub.state.row.status).toBe('blocked');
    expect(hub.state.row.attempts).toBe(0);
  });

  it('blocks a delivery whose subject was erased, and one whose subscription is disabled', async () => {
    const erased = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 200 }], { subject: null });
    await erased.run();
    expect(erased.state.row.status).toBe('blocked');
    expect(erased.state.reason).toBe('the subject is no longer held');
    const disabled = hubWith(delivery({ subscriptionStatus: 'disabled' }), [{ outcome: 'delivered', statusCode: 200 }]);
    await disabled.run();
    expect(disabled.sent).toHaveLength(0);
    expect(disabled.state.row.status).toBe('blocked');
  });

  it('retries a 5xx on the schedule (parking the job), and never sooner than Retry-After', async () => {
    const hub = hubWith(delivery(), [
      { outcome: 'retry', reason: 'receiver answered 503', statusCode: 503, afterMs: 30_000 },
    ]);
    const before = Date.now();
    expect(await hub.run()).toBe('parked');
    expect(hub.state.row.status).toBe('failed');
    expect(hub.state.row.attempts).toBe(1);
    expect(hub.state.statusCode).toBe(503);
    // The first step is 1 s (+ up to 20 % jitter), but the receiver asked for 30 s.
    expect(hub.state.delayMs).toBe(30_000);
    expect(hub.parkedUntil[0]).toBeGreaterThanOrEqual(before + 30_000);
  });

  it('waits, without sending, when a duplicate job wakes before the retry is due', async () => {
    const hub = hubWith(delivery({ status: 'failed', attempts: 1, nextAttemptAt: new Date(Date.now() + 60_000) }), [
      { outcome: 'delivered', statusCode: 200 },
    ]);
    expect(await hub.run()).toBe('parked');
    expect(hub.sent).toHaveLength(0);
    expect(hub.state.row.status).toBe('failed');
  });

  it('dead-letters once the attempts allowed (the first plus one per step) are used up', async () => {
    const hub = hubWith(delivery(), [
      { outcome: 'retry', reason: 'connection refused' },
      { outcome: 'retry', reason: 'receiver answered 500', statusCode: 500 },
      { outcome: 'retry', reason: 'receiver answered 502', statusCode: 502 },
    ]);
    expect(await hub.run()).toBe('parked');
    hub.state.row.nextAttemptAt = null; // the retry is due now
    expect(await hub.run()).toBe('parked');
    hub.state.row.nextAttemptAt = null;
    expect(await hub.run()).toBe('done');
    expect(hub.sent).toHaveLength(3);
    expect(hub.state.row.status).toBe('dead');
    expect(hub.state.row.attempts).toBe(3);
    expect(hub.state.reason).toBe('retries exhausted: receiver answered 502');
    // Every failed attempt counts towards the subscription's health, with its code and reason only.
    expect(hub.failures.map((f) => [f.subscriptionId, f.statusCode, f.reason])).toEqual([
      ['sub-1', null, 'connection refused'],
      ['sub-1', 500, 'receiver answered 500'],
      ['sub-1', 502, 'receiver answered 502'],
    ]);
  });

  it('dead-letters a permanent refusal at once, but parks a retry (the adapter gives 408 and 429 as retries)', async () => {
    const refused = hubWith(delivery(), [
      { outcome: 'permanent', reason: 'receiver refused it permanently (400)', statusCode: 400 },
    ]);
    expect(await refused.run()).toBe('done');
    expect(refused.state.row.status).toBe('dead');
    expect(refused.state.statusCode).toBe(400);
    for (const status of [408, 429]) {
      const hub = hubWith(delivery(), [
        { outcome: 'retry', reason: `receiver answered ${status}`, statusCode: status },
      ]);
      expect(await hub.run()).toBe('parked');
      expect(hub.state.row.status).toBe('failed');
    }
  });

  it("gone (a webhook's 410) dead-letters the delivery and disables the subscription", async () => {
    const hub = hubWith(delivery(), [{ outcome: 'gone', reason: 'receiver answered 410 Gone', statusCode: 410 }]);
    await hub.run();
    expect(hub.state.row.status).toBe('dead');
    expect(hub.disabled).toEqual(['sub-1']);
    expect(hub.failures).toEqual([
      {
        subscriptionId: 'sub-1',
        agencyId: expect.any(String),
        statusCode: 410,
        reason: 'disabled: receiver answered 410 Gone',
      },
    ]);
  });

  it('counts nothing against the subscription when the delivery succeeds or is blocked', async () => {
    const ok = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 204 }]);
    await ok.run();
    expect(ok.delivered[0].subscriptionId).toBe('sub-1');
    const blocked = hubWith(delivery(), [{ outcome: 'delivered', statusCode: 200 }], { subject: subjectIn(['NYP']) });
    await blocked.run();
    expect([...ok.failures, ...blocked.failures]).toEqual([]);
  });
});
