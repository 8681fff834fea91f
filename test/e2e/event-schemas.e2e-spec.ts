import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { FIELD_PATHS } from '../../src/agreements/agreement';
import { EVENT_TYPES } from '../../src/canonical/event-types';
import { courtExample, pncExample, prisonExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { waitForDeliveries } from '../kit/db-wait';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/**
 * The catalogue against what the hub really sends: police hold an agreement for every event
 * type and every field, the contract's example messages of four sources go in, and each event
 * delivered must validate against the JSON Schema its `dataschema` names (served by the hub).
 */
describe('every delivered event matches the schema its dataschema names', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [
        ...DEFAULT_AGREEMENTS,
        {
          id: 'DSA-TEST-EVERYTHING',
          title: 'Everything to West Yorkshire Police (catalogue test)',
          status: 'active',
          validFrom: '2026-01-01',
          reviewBy: '2099-01-01',
          validTo: '2099-12-31',
          recipients: ['police.west-yorkshire'],
          purpose: 'PUBLIC_PROTECTION',
          lawfulBasis: 'Criminal Justice Act 2003 s.325',
          eventTypes: EVENT_TYPES.filter((t) => t !== 'alert.issued'),
          conditions: {},
          fields: [...FIELD_PATHS],
          classification: 'OFFICIAL-SENSITIVE',
        },
      ],
    });
    await police.start();
    const sub = await subscribe(hub, 'police.west-yorkshire', police.url, [...EVENT_TYPES]);
    expect(sub.status).toBe(201);
    const accepted: string[] = [];
    const sent = [
      await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo')),
      await postInbound(hub, 'probation', 'probation.yorkshire', probationExample('risk-assessment-completed')),
      await postInbound(hub, 'probation', 'probation.yorkshire', probationExample('mappa-changed')),
      await postInbound(hub, 'probation', 'probation.yorkshire', probationExample('risk-management-plan-recorded')),
      await postInbound(hub, 'pnc', 'police.west-yorkshire', pncExample('caution-recorded')),
      await postInbound(hub, 'pnc', 'police.west-yorkshire', pncExample('notification-foreign-travel')),
      await postInbound(hub, 'prison', 'prison.leeds', prisonExample('reception')),
      await postInbound(hub, 'prison', 'prison.leeds', prisonExample('release-date-set')),
      await postInbound(hub, 'prison', 'prison.leeds', prisonExample('released')),
    ];
    for (const res of sent) {
      expect(res.status).toBe(202);
      accepted.push(...res.body.events);
    }
    await waitForDeliveries(hub.db, accepted);
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
  });

  it('validates each, over many event types', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const schemas = new Map<string, ReturnType<Ajv['compile']>>();
    const failures: unknown[] = [];
    for (const { event } of police.received) {
      if (!schemas.has(event.dataschema)) {
        const res = await request(hub.url).get(event.dataschema);
        expect(res.status).toBe(200);
        schemas.set(event.dataschema, ajv.compile(res.body));
      }
      const validate = schemas.get(event.dataschema)!;
      if (!validate(event.data)) failures.push({ type: event.type, errors: validate.errors });
    }
    expect(failures).toEqual([]);
    const types = new Set(police.received.map((r) => r.event.type));
    expect(types.size).toBeGreaterThanOrEqual(12);
  });
});
