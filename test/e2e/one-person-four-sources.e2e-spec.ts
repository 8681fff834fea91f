import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startHmpoSimulator, type HmpoSimulator } from '../../adapters/simulators/hmpo/hmpo-simulator';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound } from '../kit/http';
import {
  DEFAULT_AGENCIES,
  DEFAULT_AGREEMENTS,
  HMPO_AGENCY,
  HMPO_AGREEMENT,
  startTestHub,
  type TestHub,
} from '../kit/test-hub';

/**
 * The same man (John Michael Smith, born 1986-02-28) as each agency knows him: a court
 * defendant with a PNC id, a probation CRN, a PNC nominal, and an HMPO applicant.
 */
const OTHER_SOURCES_EVENTS = [
  'mappa.changed',
  'caution.recorded',
  'risk.assessed',
  'watchlist.entry.lodged',
  'watchlist.hit',
];

describe('one person through all four adapters is one subject with one timeline', () => {
  let hmpo: HmpoSimulator;
  let hub: TestHub;

  beforeAll(async () => {
    hmpo = await startHmpoSimulator();
    // The timeline is projected like the record (security review item 18): the police agreement
    // here lists the other sources' event types, so the one timeline shows all four.
    const [police, probation] = DEFAULT_AGREEMENTS;
    const policeSeesAll = { ...police, eventTypes: [...(police.eventTypes as string[]), ...OTHER_SOURCES_EVENTS] };
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY],
      agreements: [policeSeesAll, probation, HMPO_AGREEMENT],
      env: { HMPO_URL: hmpo.url, HUB_CLOCK_INTERVAL_MS: '300' },
    });
  });

  afterAll(async () => {
    await hub?.close();
    await hmpo?.close();
  });

  it('links court, probation, PNC and HMPO to the same subject', async () => {
    const court = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    const subjectId = court.body.subjectIds[0];

    // Probation knows him by CRN and NOMS number too, and spells his surname in mixed case.
    const probation = await postInbound(hub, 'probation', 'probation.yorkshire', probationExample('mappa-changed'));
    expect(probation.body.subjectIds).toEqual([subjectId]);

    // The PNC writes his id without the century and in lower case; its caution is about him.
    const caution = pncExample('caution-recorded');
    caution.nominal = {
      pncId: '04/123456b',
      names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
      dateOfBirth: '1986-02-28',
      sex: 'M',
    };
    caution.caution = { ...caution.caution, notifiable: false };
    const pnc = await postInbound(hub, 'pnc', 'police.west-yorkshire', caution);
    expect(pnc.status).toBe(202);
    expect(pnc.body.subjectIds).toEqual([subjectId]);

    // A later probation message by CRN alone still finds him.
    const byCrn = probationExample('risk-assessment-completed');
    delete byCrn.person.pncId;
    delete byCrn.person.nomsNumber;
    const risk = await postInbound(hub, 'probation', 'probation.yorkshire', byCrn);
    expect(risk.body.subjectIds).toEqual([subjectId]);

    // HMPO: the order's watchlist entry is lodged, and the hit names it.
    // Waits for the hub to record HMPO's reference, not just for HMPO to hold the entry.
    const deadline = Date.now() + 15000;
    let ref: string | undefined;
    while (!ref && Date.now() < deadline) {
      ref = (await hub.db.query(`SELECT watchlist_ref FROM watchlist_entries WHERE watchlist_ref IS NOT NULL`)).rows[0]
        ?.watchlist_ref;
      if (!ref) await new Promise((r) => setTimeout(r, 50));
    }
    expect(hmpo.entries.has(ref!)).toBe(true);
    const hitXml = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8').replace(
      'WL-000123',
      ref!,
    );
    const hit = await postInbound(hub, 'passport-watchlist', 'hmpo', hitXml, { contentType: 'application/xml' });
    expect(hit.status).toBe(202);
    expect(hit.body.subjectIds).toEqual([subjectId]);

    expect((await hub.db.query(`SELECT count(*)::int AS n FROM subjects`)).rows[0].n).toBe(1);
    const timeline = await request(hub.url)
      .get(`/v1/subjects/${subjectId}/timeline`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .set('x-justification', 'MAPPA level 2 meeting preparation');
    expect(timeline.status).toBe(200);
    const sources = new Set(timeline.body.entries.map((e: { sourceAgency: string }) => e.sourceAgency));
    expect([...sources].sort()).toEqual([
      'court.leeds-crown',
      'hmpo',
      'hub',
      'police.west-yorkshire',
      'probation.yorkshire',
    ]);
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'conviction.recorded',
        'mappa.changed',
        'caution.recorded',
        'risk.assessed',
        'watchlist.entry.lodged',
        'watchlist.hit',
      ]),
    );
    // Probation's agreement lists only court-style events: its view of the same timeline holds only those types.
    const probationTimeline = await request(hub.url)
      .get(`/v1/subjects/${subjectId}/timeline`)
      .set('authorization', `Bearer ${await hub.token('probation.yorkshire')}`)
      .set('x-justification', 'MAPPA level 2 meeting preparation');
    expect(probationTimeline.status).toBe(200);
    const probationTypes = probationTimeline.body.entries.map((e: { type: string }) => e.type);
    expect(probationTypes).toContain('conviction.recorded');
    for (const type of probationTypes) expect(DEFAULT_AGREEMENTS[1].eventTypes).toContain(type);
    const read = await request(hub.url)
      .get(`/v1/subjects/${subjectId}`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .set('x-justification', 'MAPPA level 2 meeting preparation');
    expect(
      read.body.identifiers.map((i: { scheme: string; value: string }) => `${i.scheme}:${i.value}`).sort(),
    ).toEqual(['CRN:X123456', 'CRO:123456/04L', 'NOMS:A1234BC', 'PNC:2004/0123456B']);
  });

  it('never merges on a guess: a conflicting identifier makes a new subject and a review task', async () => {
    const twin = probationExample('mappa-changed');
    twin.eventId = 'ND-TWIN';
    twin.person = { ...twin.person, crn: 'X999999', nomsNumber: undefined, pncId: '2019/0456789Y' }; // same name and birth date, another man's PNC id
    const res = await postInbound(hub, 'probation', 'probation.yorkshire', twin);
    expect(res.status).toBe(202);
    const [newSubject] = res.body.subjectIds;
    expect((await hub.db.query(`SELECT count(*)::int AS n FROM subjects`)).rows[0].n).toBe(2);
    const reviews = await request(hub.url)
      .get('/v1/admin/identity/reviews')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(reviews.status).toBe(200);
    expect(reviews.body.items).toEqual([
      expect.objectContaining({ subjectId: newSubject, reason: expect.stringContaining('name and date of birth') }),
    ]);
  });
});
