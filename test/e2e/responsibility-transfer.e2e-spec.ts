import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ReceivedWebhook } from '../kit/webhook-receiver';

const EVENTS = ['responsibility.changed', 'responsibility.gap', 'mappa.changed'];
const agreement = (recipient: string, area: string) => ({
  id: `DSA-TEST-${recipient.toUpperCase().replace(/\./g, '-')}`,
  title: `MAPPA to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: EVENTS,
  conditions: { areas: [area] },
  fields: ['subject.names', 'responsibility', 'mappa'],
  classification: 'OFFICIAL-SENSITIVE',
});
const OLD = ['police.west-yorkshire', 'probation.yorkshire'];
const NEW = ['police.north-yorkshire', 'probation.north-yorkshire'];
const NOMINAL = {
  pncId: '2004/0123456B',
  names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
  dateOfBirth: '1986-02-28',
  sex: 'M',
};

/**
 * The done-when transfer of issue 16: John Michael SMITH moves from Leeds (West Yorkshire) to
 * York (North Yorkshire). The old force and region hear the change and nothing after; the new
 * ones hear from then on, never what came before; replays keep to the same periods.
 */
describe('a transfer from West Yorkshire to North Yorkshire', () => {
  let hub: TestHub;
  const receivers = new Map([...OLD, ...NEW].map((agency) => [agency, new WebhookReceiver()]));
  const subscriptionIds = new Map<string, string>();
  let subjectId: string;
  /** Event ids by step, to say which period each was raised in. */
  const raised: Record<string, string[]> = {};
  /** The one event of `type` a step raised. */
  const eventOf = async (step: string, type: string) => {
    const { rows } = await hub.db.query(`SELECT id FROM events WHERE id = ANY($1::uuid[]) AND type = $2`, [
      raised[step],
      type,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0].id as string;
  };
  const areasOf = async () =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [subjectId])).rows[0].areas as string[];
  const got = (agency: string): ReceivedWebhook['event'][] =>
    receivers
      .get(agency)!
      .received.filter((r) => r.event.subject === subjectId)
      .map((r) => r.event);
  const post = async (step: string, source: string, agency: string, body: unknown) => {
    const res = await postInbound(hub, source, agency, body);
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    raised[step] = res.body.events;
  };
  const probation = (eventId: string, eventType: string, body: Record<string, unknown>) => {
    const { mappa: _mappa, ...base } = probationExample('mappa-changed');
    return { ...base, eventId, eventType, occurredAt: '2026-11-04T09:00:00Z', ...body };
  };
  const mappaChange = (eventId: string, startDate: string, level: number) =>
    probation(eventId, 'MAPPA_CHANGED', {
      mappa: { category: 1, level, startDate, reviewDate: '2027-02-04', leadAgency: 'PROBATION' },
    });
  const notification = (updateId: string, force: string) => ({
    schemaVersion: '1.0',
    updateId,
    updateType: 'NOTIFICATION_RECEIVED',
    recordedAt: '2026-11-06T09:00:00Z',
    force,
    nominal: NOMINAL,
    notification: { kind: 'CHANGE_OF_DETAILS', receivedOn: '2026-11-06', details: {} },
  });
  const replay = async (agency: string) =>
    request(hub.url)
      .post('/v1/admin/replay')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
      .send({
        subscriptionId: subscriptionIds.get(agency),
        from: '2020-01-01T00:00:00Z',
        to: new Date(Date.now() + 60_000).toISOString(),
        reason: 'receiver lost its store',
      });

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [
        ...DEFAULT_AGENCIES,
        { id: 'police.north-yorkshire', kind: 'POLICE', areas: ['NYP'] },
        { id: 'probation.north-yorkshire', kind: 'PROBATION', areas: ['NYP'] },
      ],
      agreements: [
        agreement('police.west-yorkshire', 'WYP'),
        agreement('probation.yorkshire', 'WYP'),
        agreement('police.north-yorkshire', 'NYP'),
        agreement('probation.north-yorkshire', 'NYP'),
      ],
    });
    for (const [agency, receiver] of receivers) {
      await receiver.start();
      const res = await subscribe(hub, agency, receiver.url, EVENTS);
      expect(res.status).toBe(201);
      subscriptionIds.set(agency, res.body.id);
    }
    // Convicted in Leeds; West Yorkshire's probation and police take him on; a MAPPA decision there.
    subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
    await post(
      'allocated',
      'probation',
      'probation.yorkshire',
      probation('NY-1', 'OFFENDER_MANAGER_ALLOCATED', {
        offenderManager: { name: 'Sam Officer', team: 'Leeds North', email: 'sam@example.gov.uk', phone: '0113 000 1' },
      }),
    );
    await post('policed', 'pnc', 'police.west-yorkshire', notification('PNC-WYP-NY-1', 'WYP'));
    await post('mappaBefore', 'probation', 'probation.yorkshire', mappaChange('NY-2', '2026-11-04', 2));
  });

  afterAll(async () => {
    await hub?.close();
    for (const r of receivers.values()) await r.close();
  });

  it('before the move only West Yorkshire hears', async () => {
    expect(await areasOf()).toEqual(['WYP']);
    const decided = await eventOf('mappaBefore', 'mappa.changed');
    for (const agency of OLD) expect(got(agency).map((e) => e.id)).toContain(decided);
    for (const agency of NEW) expect(got(agency)).toEqual([]);
  });

  it('the move and the transfer: both sides hear each change; then only North Yorkshire hears', async () => {
    await post(
      'moved',
      'probation',
      'probation.yorkshire',
      probation('NY-3', 'ADDRESS_CHANGED', {
        address: { line1: '9 Minster Yard', town: 'York', postcode: 'YO1 7HH', type: 'HOME', from: '2026-11-05' },
      }),
    );
    expect(await areasOf()).toEqual(['NYP', 'WYP']);
    await post(
      'transferred',
      'probation',
      'probation.yorkshire',
      probation('NY-4', 'TRANSFER_ACCEPTED', {
        transfer: { toProvider: { code: 'N54', name: 'North Yorkshire' }, acceptedOn: '2026-11-06' },
      }),
    );
    await post('policedThere', 'pnc', 'police.north-yorkshire', notification('PNC-NYP-NY-1', 'NYP'));
    // The new region's MAPPA decision (level 3) makes it the lead: the last West Yorkshire fact ends.
    await post('mappaAfter', 'probation', 'probation.north-yorkshire', mappaChange('NY-5', '2026-11-07', 3));
    expect(await areasOf()).toEqual(['NYP']);

    const changes = (agency: string) =>
      got(agency)
        .filter((e) => e.type === 'responsibility.changed')
        .map((e) => e.data.responsibility);
    for (const agency of [...OLD, ...NEW]) {
      expect(changes(agency)[0]).toMatchObject({ before: ['WYP'], after: ['NYP', 'WYP'], reason: 'ADDRESS_CHANGED' });
      expect(changes(agency).at(-1)).toMatchObject({ before: ['NYP', 'WYP'], after: ['NYP'] });
    }
    // The old side: the change that lost them the person is the last they hear.
    const lastChange = await eventOf('mappaAfter', 'responsibility.changed');
    const decidedBefore = await eventOf('mappaBefore', 'mappa.changed');
    for (const agency of OLD) {
      expect(got(agency).at(-1)!.id).toBe(lastChange);
      expect(
        got(agency)
          .filter((e) => e.type === 'mappa.changed')
          .map((e) => e.id),
      ).toEqual([decidedBefore]);
    }
    // The new side: everything from the move on, the new MAPPA decision included, nothing before.
    for (const agency of NEW) {
      const ids = got(agency).map((e) => e.id);
      expect(ids).toEqual(expect.arrayContaining(raised.mappaAfter));
      for (const before of [...raised.allocated, ...raised.policed, ...raised.mappaBefore])
        expect(ids).not.toContain(before);
    }
    // The unmanaged arrival in York went to North Yorkshire Police alone.
    expect(got('police.north-yorkshire').some((e) => e.type === 'responsibility.gap')).toBe(true);
    expect(got('police.west-yorkshire').some((e) => e.type === 'responsibility.gap')).toBe(false);
  });

  it('a replay keeps to the period each event was raised in: the old force gets what it had, the new force nothing from before', async () => {
    const byEvent = (body: { items: { eventId: string; outcome: string }[] }) =>
      new Map(body.items.map((i) => [i.eventId, i.outcome]));
    const old = await replay('police.west-yorkshire');
    expect(old.status).toBe(202);
    const oldOutcomes = byEvent(old.body);
    const decidedBefore = await eventOf('mappaBefore', 'mappa.changed');
    const decidedAfter = await eventOf('mappaAfter', 'mappa.changed');
    const lastChange = await eventOf('mappaAfter', 'responsibility.changed');
    // Sent to West Yorkshire while it was responsible: replayed to it though it is not now.
    expect(oldOutcomes.get(decidedBefore)).toBe('queued');
    expect(oldOutcomes.get(lastChange)).toBe('queued');
    // Raised after it lost the person: never.
    expect(oldOutcomes.get(decidedAfter)).toBe('withheld');

    const fresh = await replay('police.north-yorkshire');
    expect(fresh.status).toBe(202);
    const newOutcomes = byEvent(fresh.body);
    // Raised before North Yorkshire was responsible: never replayed to it.
    expect(newOutcomes.get(decidedBefore)).toBe('withheld');
    expect(newOutcomes.get(decidedAfter)).toBe('queued');
    await waitForDeliveries(hub.db, [...raised.mappaBefore, ...raised.mappaAfter]);
  });
});
