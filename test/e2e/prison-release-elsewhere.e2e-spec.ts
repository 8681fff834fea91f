import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, prisonExample } from '../kit/examples';
import { postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENTS = ['release.scheduled', 'custody.released', 'responsibility.changed', 'responsibility.gap'];
const agreement = (recipient: string, area: string) => ({
  id: `DSA-TEST-${recipient.toUpperCase().replace(/\./g, '-')}`,
  title: `Releases to ${recipient}`,
  status: 'active',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: EVENTS,
  conditions: { areas: [area] },
  fields: ['subject.names', 'custody', 'responsibility'],
  classification: 'OFFICIAL-SENSITIVE',
});
const YORK = { line1: '9 Minster Yard', town: 'York', postcode: 'YO1 7HH', type: 'HOME', from: '2026-12-10' };

/** The done-when release of issue 16: from HMP Leeds into North Yorkshire, announced ahead. */
describe('a release from prison into another area is announced ahead', () => {
  let hub: TestHub;
  const northYorkshire = new WebhookReceiver();
  let subjectId: string;
  const post = async (body: unknown) => {
    const res = await postInbound(hub, 'prison', 'prison.leeds', body);
    expect(res.status).toBe(202);
    await waitForDeliveries(hub.db, res.body.events);
    return res;
  };
  const areasOf = async () =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [subjectId])).rows[0].areas as string[];

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, { id: 'police.north-yorkshire', kind: 'POLICE', areas: ['NYP'] }],
      agreements: [agreement('police.north-yorkshire', 'NYP')],
    });
    await northYorkshire.start();
    expect((await subscribe(hub, 'police.north-yorkshire', northYorkshire.url, EVENTS)).status).toBe(201);
    subjectId = (await postInbound(hub, 'court-outcomes', 'court.leeds-crown', courtExample('hearing-resulted-shpo')))
      .body.subjectIds[0];
    await post(prisonExample('reception'));
  });

  afterAll(async () => {
    await hub?.close();
    await northYorkshire.close();
  });

  it('North Yorkshire Police hear of the release date before the release, though not yet responsible', async () => {
    const leeds = { code: 'LEI', name: 'HMP Leeds', area: 'WYP' };
    await post({
      ...prisonExample('release-date-set'),
      eventId: 'NOMIS-EVT-NY-1',
      establishment: leeds,
      release: { expectedOn: '2026-12-10', type: 'LICENCE', releaseArea: 'NYP', address: YORK },
    });
    expect(await areasOf()).toEqual(['WYP']);
    const [scheduled] = northYorkshire.received.filter((r) => r.event.type === 'release.scheduled');
    expect(scheduled.event.subject).toBe(subjectId);
    expect(scheduled.event.data.custody.release).toMatchObject({ expectedOn: '2026-12-10', releaseArea: 'NYP' });
    // Told ahead, not given the record: the person is not theirs until released there.
    expect((await readSubject(hub, 'police.north-yorkshire', subjectId)).status).toBe(404);

    // Released to York: he lives there now, and North Yorkshire Police sees him.
    await post({
      ...prisonExample('released'),
      eventId: 'NOMIS-EVT-NY-2',
      establishment: leeds,
      release: { releasedOn: '2026-12-10', type: 'LICENCE', releaseArea: 'NYP', address: YORK },
    });
    expect(await areasOf()).toContain('NYP');
    expect(northYorkshire.received.map((r) => r.event.type)).toEqual(
      expect.arrayContaining(['release.scheduled', 'responsibility.changed']),
    );
    expect((await readSubject(hub, 'police.north-yorkshire', subjectId)).status).toBe(200);
  });
});
