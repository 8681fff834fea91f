import request from 'supertest';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound, readSubject, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver, type ReceivedWebhook } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

const MERGE_EVENTS = ['subject.merged', 'subject.unmerged', 'record.corrected'];
/**
 * Police neither subscribe to corrections nor have an agreement listing them: a correction is
 * owed to whoever received what it corrects, under the agreement that data left under.
 */
const POLICE_MERGE_EVENTS = ['subject.merged', 'subject.unmerged'];
/** The test agreements, with merges and corrections added for both recipients. */
const AGREEMENTS = [
  { ...DEFAULT_AGREEMENTS[0], eventTypes: [...(DEFAULT_AGREEMENTS[0].eventTypes as string[]), ...POLICE_MERGE_EVENTS] },
  { ...DEFAULT_AGREEMENTS[1], eventTypes: [...(DEFAULT_AGREEMENTS[1].eventTypes as string[]), ...MERGE_EVENTS] },
  // The prison takes only links made by identifier: a person's merge decision is not enough.
  {
    ...DEFAULT_AGREEMENTS[1],
    id: 'DSA-TEST-PRISON-IDENTIFIED',
    recipients: ['prison.hmp-leeds'],
    purpose: 'OFFENDER_SUPERVISION',
    eventTypes: ['subject.created', 'subject.merged'],
    minimumLink: 'IDENTIFIER',
  },
];
const POLICE_EVENTS = [
  'subject.created',
  'subject.details.changed',
  'conviction.recorded',
  'registration.started',
  'order.made',
  ...POLICE_MERGE_EVENTS,
];

/** A notifiable conviction for one defendant, with an SHPO of their own (so each has a registration, order and watch entry). */
function conviction(id: string, defendant: { forenames: string; surname: string; dateOfBirth: string; pncId: string }) {
  const m = courtExample('hearing-resulted-shpo');
  return {
    ...m,
    messageId: `MSG-${id}`,
    case: { urn: `URN-${id}`, hearingDate: '2026-10-14' },
    defendant: {
      courtDefendantId: `D-${id}`,
      name: { forenames: defendant.forenames, surname: defendant.surname },
      dateOfBirth: defendant.dateOfBirth,
      sex: 'F',
      pncId: defendant.pncId,
      address: { line1: `${id} Example Road`, town: 'Leeds', postcode: 'LS1 1AA' },
    },
    orders: [{ ...m.orders[0], orderRef: `SHPO-${id}` }],
  };
}

describe('identity decisions, merge and unmerge, and corrections to those told wrongly', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  const prison = new WebhookReceiver();
  const REASON = 'Reviewed custody records and fingerprints; ticket IDR-1';

  const admin = async () => `Bearer ${await hub.token('hub.operators')}`;
  const decide = async (reviewId: string, body: object) =>
    request(hub.url)
      .post(`/v1/admin/identity/reviews/${reviewId}/decision`)
      .set('authorization', await admin())
      .send(body);
  const merge = async (survivorId: string, body: object) =>
    request(hub.url)
      .post(`/v1/admin/subjects/${survivorId}/merge`)
      .set('authorization', await admin())
      .send(body);
  const unmerge = async (survivorId: string, body: object) =>
    request(hub.url)
      .post(`/v1/admin/subjects/${survivorId}/unmerge`)
      .set('authorization', await admin())
      .send(body);
  const openReviews = async () =>
    (
      await request(hub.url)
        .get('/v1/admin/identity/reviews')
        .set('authorization', await admin())
    ).body.items as { reviewId: string; subjectId: string; candidateSubjectIds: string[] }[];
  const policeRead = async (subjectId: string) => (await readSubject(hub, 'police.west-yorkshire', subjectId)).body;
  const openDeadlines = async (subjectId: string) =>
    (
      await hub.db.query(
        `SELECT kind, ref, due_on::text FROM deadlines WHERE subject_id = $1 AND status = 'open' ORDER BY kind, ref`,
        [subjectId],
      )
    ).rows;
  const watchOwner = async (orderRef: string) =>
    (await hub.db.query(`SELECT subject_id FROM watchlist_entries WHERE order_ref = $1`, [orderRef])).rows.map(
      (r) => r.subject_id,
    );
  const about = (r: ReceivedWebhook[], subjectId: string, type: string) =>
    r.filter((x) => x.event.subject === subjectId && x.event.type === type);

  beforeAll(async () => {
    hub = await startTestHub({
      agencies: [...DEFAULT_AGENCIES, { id: 'prison.hmp-leeds', kind: 'PRISON', areas: ['WYP'] }],
      agreements: AGREEMENTS,
    });
    await Promise.all([police.start(), probation.start(), prison.start()]);
    expect((await subscribe(hub, 'prison.hmp-leeds', prison.url, ['subject.created', 'subject.merged'])).status).toBe(
      201,
    );
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, POLICE_EVENTS)).status).toBe(201);
    // Probation may receive corrections too, but receives none of the events a merge touches.
    expect(
      (await subscribe(hub, 'probation.yorkshire', probation.url, ['subject.created', 'record.corrected'])).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), probation.close(), prison.close()]);
  });

  describe('two different people wrongly linked by a review decision, then unmerged', () => {
    const MARY = { forenames: 'Mary', surname: 'JONES', dateOfBirth: '1990-05-05' };
    let maryOne: string;
    let maryTwo: string;
    let reviewId: string;
    let mergeId: string;
    let mergeEventId: string;
    const before: Record<string, unknown> = {};
    const deadlinesBefore: Record<string, unknown> = {};

    beforeAll(async () => {
      maryOne = (
        await postCourtOutcome(hub, 'court.leeds-crown', conviction('M1', { ...MARY, pncId: '2010/1111111F' }))
      ).body.subjectIds[0];
      const second = await postCourtOutcome(
        hub,
        'court.leeds-crown',
        conviction('M2', { ...MARY, pncId: '2011/2222222A' }),
      );
      maryTwo = second.body.subjectIds[0];
      expect(maryTwo).not.toBe(maryOne);
      reviewId = (await openReviews()).find(
        (r) => r.subjectId === maryTwo && r.candidateSubjectIds.includes(maryOne),
      )!.reviewId;
      await police.waitFor(
        (r) =>
          about(r, maryOne, 'conviction.recorded').length > 0 && about(r, maryTwo, 'conviction.recorded').length > 0,
      );
      for (const id of [maryOne, maryTwo]) {
        before[id] = await policeRead(id);
        deadlinesBefore[id] = await openDeadlines(id);
      }
      expect(deadlinesBefore[maryTwo]).not.toEqual([]);
    });

    it('LINK merges the review subject into the candidate, and the review leaves the open list', async () => {
      const res = await decide(reviewId, { decision: 'LINK', candidateSubjectId: maryOne, reason: REASON });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reviewId,
        decision: 'LINK',
        subjectId: maryTwo,
        candidateSubjectIds: [maryOne],
        merge: { survivorSubjectId: maryOne, mergedSubjectId: maryTwo },
      });
      mergeId = res.body.merge.mergeId;
      mergeEventId = res.body.merge.eventId;
      expect((await openReviews()).map((r) => r.reviewId)).not.toContain(reviewId);
    });

    it("the survivor holds both people's facts with their provenance, and rules are re-derived for it", async () => {
      const merged = await policeRead(maryOne);
      expect(merged.convictions.map((c: { caseUrn: string }) => c.caseUrn).sort()).toEqual(['URN-M1', 'URN-M2']);
      expect(merged.identifiers.map((i: { value: string }) => i.value).sort()).toEqual([
        '2010/1111111F',
        '2011/2222222A',
      ]);
      expect(merged.orders.map((o: { orderRef: string }) => o.orderRef).sort()).toEqual(['SHPO-M1', 'SHPO-M2']);
      expect(merged.registrations).toHaveLength(2);
      // The absorbed subject keeps no clocks of its own; the survivor has both sets.
      expect(await openDeadlines(maryTwo)).toEqual([]);
      // Her travel ban's HMPO watch entry goes with her order.
      expect(await watchOwner('SHPO-M2')).toEqual([maryOne]);
      expect((await openDeadlines(maryOne)).length).toBe(
        (deadlinesBefore[maryOne] as unknown[]).length + (deadlinesBefore[maryTwo] as unknown[]).length,
      );
    });

    it('reads of the merged id answer 301 to the survivor; its identifiers find the survivor', async () => {
      const res = await readSubject(hub, 'police.west-yorkshire', maryTwo);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(`/v1/subjects/${maryOne}`);
      expect(res.body).toMatchObject({ status: 301, mergedInto: maryOne });
      const lookup = await request(hub.url)
        .get(`/v1/subjects?identifier=${encodeURIComponent('PNC:2011/2222222A')}`)
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
        .set('x-justification', 'Identity check before a home visit');
      expect(lookup.body.subjects[0].subjectId).toBe(maryOne);
      // Probation may see the survivor: a redirect too. A force with no agreement covering it: the same 404 as an unknown id.
      expect((await readSubject(hub, 'probation.yorkshire', maryTwo)).status).toBe(301);
      expect((await readSubject(hub, 'police.metropolitan', maryTwo)).status).toBe(404);
    });

    it('raises subject.merged to police, naming the merged subject', async () => {
      await police.waitFor((r) => about(r, maryOne, 'subject.merged').length === 1);
      const [event] = about(police.received, maryOne, 'subject.merged');
      expect(event.event.id).toBe(mergeEventId);
      expect(event.event.data.mergedSubjectId).toBe(maryTwo);
      // A person decided the link: the event says so, with no score.
      expect(event.event.linkbasis).toBe('REVIEWED');
      expect(event.event).not.toHaveProperty('linkscore');
    });

    it("an agreement that needs identifier links passes the subjects' creation but not a reviewed merge", async () => {
      await prison.waitFor((r) => [maryOne, maryTwo].every((id) => about(r, id, 'subject.created').length === 1));
      // Routing decides every subscription of an event at once, and police already have the merge.
      const { rows } = await hub.db.query(
        `SELECT status FROM deliveries WHERE event_id = $1 AND agency_id = 'prison.hmp-leeds' AND status <> 'blocked'`,
        [mergeEventId],
      );
      expect(rows).toEqual([]);
      expect(prison.types()).not.toContain('subject.merged');
    });

    it('the merge is audited as a combination of both subjects, with its justification', async () => {
      for (const subjectId of [maryOne, maryTwo]) {
        const audit = await request(hub.url)
          .get(`/v1/audit?subjectId=${subjectId}&action=COMBINATION`)
          .set('authorization', await admin());
        expect(audit.body.items).toContainEqual(
          expect.objectContaining({
            operation: 'subject.merged',
            justification: REASON,
            subjectId,
            correlationId: mergeId,
          }),
        );
      }
      const decision = await request(hub.url)
        .get(`/v1/audit?subjectId=${maryTwo}&action=ALTERATION`)
        .set('authorization', await admin());
      expect(decision.body.items).toContainEqual(
        expect.objectContaining({
          operation: 'identity.review.decided',
          justification: REASON,
          correlationId: reviewId,
        }),
      );
    });

    it('unmerge restores both records exactly, with their rules, and raises subject.unmerged for each', async () => {
      const res = await unmerge(maryOne, { mergeId, reason: 'Linked in error: different fingerprints; ticket IDR-2' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mergeId, survivorSubjectId: maryOne, restoredSubjectId: maryTwo });
      for (const id of [maryOne, maryTwo]) {
        expect(await policeRead(id)).toEqual(before[id]);
        expect(await openDeadlines(id)).toEqual(deadlinesBefore[id]);
      }
      expect(await watchOwner('SHPO-M2')).toEqual([maryTwo]);
      expect(await watchOwner('SHPO-M1')).toEqual([maryOne]);
      const lookup = await request(hub.url)
        .get(`/v1/subjects?identifier=${encodeURIComponent('PNC:2011/2222222A')}`)
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
        .set('x-justification', 'Identity check before a home visit');
      expect(lookup.body.subjects[0].subjectId).toBe(maryTwo);
      await police.waitFor(
        (r) => about(r, maryOne, 'subject.unmerged').length === 1 && about(r, maryTwo, 'subject.unmerged').length === 1,
      );
      expect(about(police.received, maryOne, 'subject.unmerged')[0].event.data.unmergedSubjectId).toBe(maryTwo);
    });

    it('police, who received the merge, get a correction naming it; the pair is now kept apart', async () => {
      await police.waitFor((r) => about(r, maryOne, 'record.corrected').length === 1);
      const { correction } = about(police.received, maryOne, 'record.corrected')[0].event.data;
      expect(correction).toEqual({
        reason: 'SUBJECT_UNMERGED',
        mergeId,
        events: [
          {
            eventId: mergeEventId,
            type: 'subject.merged',
            subjectId: maryOne,
            actualSubjectId: maryTwo,
            why: 'LINK_WITHDRAWN',
          },
        ],
      });
      const again = await merge(maryOne, { mergeSubjectId: maryTwo, reason: REASON });
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/KEEP_APART/);
    });

    it('refuses to decide the same review twice, or to undo the same merge twice', async () => {
      const twice = await decide(reviewId, { decision: 'KEEP_APART', reason: REASON });
      expect(twice.status).toBe(409);
      expect(twice.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await unmerge(maryOne, { mergeId, reason: REASON })).status).toBe(409);
    });
  });

  describe('merge as an operation; what arrived while merged goes back to whom it concerns', () => {
    let survivor: string;
    let absorbed: string;
    let mergeSequence: string;
    let survivorBefore: unknown;
    let lateMessage: string;

    beforeAll(async () => {
      survivor = (
        await postCourtOutcome(
          hub,
          'court.leeds-crown',
          conviction('A1', { forenames: 'Alan', surname: 'BROWN', dateOfBirth: '1975-03-03', pncId: '2012/3333333V' }),
        )
      ).body.subjectIds[0];
      absorbed = (
        await postCourtOutcome(
          hub,
          'court.leeds-crown',
          conviction('G1', { forenames: 'Derek', surname: 'GREEN', dateOfBirth: '1980-04-04', pncId: '2013/4444444P' }),
        )
      ).body.subjectIds[0];
      await police.waitFor(
        (r) =>
          about(r, survivor, 'conviction.recorded').length > 0 && about(r, absorbed, 'conviction.recorded').length > 0,
      );
      survivorBefore = await policeRead(survivor);
    });

    it('merges on request and says so to police', async () => {
      const res = await merge(survivor, { mergeSubjectId: absorbed, reason: REASON });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ survivorSubjectId: survivor, mergedSubjectId: absorbed });
      await police.waitFor((r) => about(r, survivor, 'subject.merged').length === 1);
      mergeSequence = about(police.received, survivor, 'subject.merged')[0].event.sequence;
    });

    it('a later message about the absorbed person lands on the survivor, and police are told under its id', async () => {
      const late = await postCourtOutcome(
        hub,
        'court.leeds-crown',
        conviction('G2', { forenames: 'Derek', surname: 'GREEN', dateOfBirth: '1980-04-04', pncId: '2013/4444444P' }),
      );
      expect(late.status).toBe(202);
      expect(late.body.subjectIds).toEqual([survivor]);
      lateMessage = late.body.messageId;
      await police.waitFor((r) =>
        about(r, survivor, 'conviction.recorded').some((x) => x.event.data.conviction.caseUrn === 'URN-G2'),
      );
      // All of it (its order.made too): the correction later lists what police were sent, and the test compares it with what they hold.
      await waitForDeliveries(hub.db, late.body.events);
    });

    it('unmerge gives the late facts to the absorbed person and leaves the survivor exactly as it was', async () => {
      const res = await unmerge(survivor, { mergedSubjectId: absorbed, reason: 'Linked in error; ticket IDR-3' });
      expect(res.status).toBe(200);
      expect(res.body.corrections).toEqual([expect.objectContaining({ agency: 'police.west-yorkshire' })]);
      expect(await policeRead(survivor)).toEqual(survivorBefore);
      const restored = await policeRead(absorbed);
      expect(restored.convictions.map((c: { caseUrn: string }) => c.caseUrn).sort()).toEqual(['URN-G1', 'URN-G2']);
      const { rows } = await hub.db.query(
        `SELECT DISTINCT subject_id FROM subject_commands WHERE inbound_message_id = $1`,
        [lateMessage],
      );
      expect(rows).toEqual([{ subject_id: absorbed }]);
    });

    it('police get one correction listing exactly the events they received about the merged record', async () => {
      await police.waitFor((r) => about(r, survivor, 'record.corrected').length === 1);
      const { correction } = about(police.received, survivor, 'record.corrected')[0].event.data;
      const receivedWhileMerged = police.received
        .filter(
          (r) =>
            r.event.subject === survivor &&
            r.event.sequence >= mergeSequence && // text: zero-padded, so compared as text
            !['subject.unmerged', 'record.corrected'].includes(r.event.type),
        )
        .map((r) => r.event.id)
        .sort();
      expect(correction.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(receivedWhileMerged);
      const late = correction.events.filter((e: { type: string }) => e.type === 'conviction.recorded');
      expect(late).toEqual([
        expect.objectContaining({ subjectId: survivor, actualSubjectId: absorbed, why: 'CONCERNS_OTHER_SUBJECT' }),
      ]);
      expect(correction.events).toContainEqual(
        expect.objectContaining({ type: 'subject.merged', actualSubjectId: absorbed, why: 'LINK_WITHDRAWN' }),
      );
    });

    it('the correction reached police without their asking, under the agreement the corrected data left under', async () => {
      const subscriptions = await request(hub.url)
        .get('/v1/subscriptions')
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`);
      expect(subscriptions.body.subscriptions.length).toBeGreaterThan(0);
      expect(subscriptions.body.subscriptions.flatMap((x: { eventTypes: string[] }) => x.eventTypes)).not.toContain(
        'record.corrected',
      );
      const [correction] = about(police.received, survivor, 'record.corrected');
      expect(correction.event.agreement).toBe('DSA-TEST-POLICE');
      const { rows } = await hub.db.query(`SELECT agreement_ids FROM deliveries WHERE event_id = $1`, [
        correction.event.id,
      ]);
      expect(rows).toEqual([{ agreement_ids: ['DSA-TEST-POLICE'] }]);
      // Projected like the data it corrects: police's fields, the correction's references.
      expect(Object.keys(correction.event.data).sort()).toEqual(['correction', 'subject']);
    });

    it('a window replay for police sends the correction again, under the same agreement', async () => {
      const [subscription] = (
        await request(hub.url)
          .get('/v1/subscriptions')
          .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      ).body.subscriptions;
      const [correction] = about(police.received, survivor, 'record.corrected');
      const res = await request(hub.url)
        .post('/v1/admin/replay')
        .set('authorization', await admin())
        // Just the unmerge's moment: its events share the transaction's time.
        .send({
          subscriptionId: subscription.id,
          from: correction.event.time,
          to: new Date(Date.parse(correction.event.time) + 1).toISOString(),
          reason: 'Receiver restored from backup; INC-5120',
        });
      expect(res.status).toBe(202);
      const item = res.body.items.find((i: { eventId: string }) => i.eventId === correction.event.id);
      expect(item).toMatchObject({
        eventType: 'record.corrected',
        outcome: 'queued',
        agreements: { before: ['DSA-TEST-POLICE'], now: ['DSA-TEST-POLICE'] },
      });
      await police.waitFor((r) => about(r, survivor, 'record.corrected').length === 2);
      const [, again] = about(police.received, survivor, 'record.corrected');
      expect(again.event.data.correction).toEqual(correction.event.data.correction);
    });

    it('corrections go only to agencies that received what they correct', async () => {
      const { rows } = await hub.db.query(
        `SELECT DISTINCT unnest(audience) AS agency FROM events WHERE type = 'record.corrected'`,
      );
      expect(rows).toEqual([{ agency: 'police.west-yorkshire' }]);
      expect(probation.types()).not.toContain('record.corrected');
    });
  });

  describe('KEEP_APART is remembered', () => {
    const PRIYA = { name: { forenames: 'Priya', surname: 'Shah' }, dateOfBirth: '1988-08-08', crn: 'X654321' };
    const mappa = (eventId: string, pncId: string) => ({
      ...probationExample('mappa-changed'),
      eventId,
      person: { ...PRIYA, pncId },
    });
    let first: string;
    let second: string;

    it('a conflicting CRN and PNC open a review; KEEP_APART closes it; the same evidence later opens none', async () => {
      first = (await postInbound(hub, 'probation', 'probation.yorkshire', mappa('KA-1', '2014/5555555J'))).body
        .subjectIds[0];
      second = (await postInbound(hub, 'probation', 'probation.yorkshire', mappa('KA-2', '2015/6666666D'))).body
        .subjectIds[0];
      const review = (await openReviews()).find((r) => r.subjectId === second)!;
      expect(review.candidateSubjectIds).toEqual([first]);
      const res = await decide(review.reviewId, { decision: 'KEEP_APART', reason: REASON });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ decision: 'KEEP_APART', candidateSubjectIds: [first] });
      const open = (await openReviews()).length;

      const again = await postInbound(hub, 'probation', 'probation.yorkshire', mappa('KA-3', '2015/6666666D'));
      expect(again.status).toBe(202);
      expect(again.body.subjectIds).toEqual([second]);
      expect((await openReviews()).length).toBe(open);
      const { rows } = await hub.db.query(
        `SELECT decision, reason FROM identity_decisions WHERE $1 IN (subject_low, subject_high) AND $2 IN (subject_low, subject_high)`,
        [first, second],
      );
      expect(rows).toEqual([{ decision: 'KEEP_APART', reason: REASON }]);
    });

    it('a pair kept apart is never merged', async () => {
      const res = await merge(first, { mergeSubjectId: second, reason: REASON });
      expect(res.status).toBe(409);
    });
  });

  describe('bad input', () => {
    let someone: string;
    let other: string;

    beforeAll(async () => {
      // Same name and date of birth, different PNC ids: two subjects and an open review.
      const CARL = { forenames: 'Carl', surname: 'WHITE', dateOfBirth: '1971-01-01' };
      someone = (
        await postCourtOutcome(hub, 'court.leeds-crown', conviction('B1', { ...CARL, pncId: '2016/7777777Y' }))
      ).body.subjectIds[0];
      other = (await postCourtOutcome(hub, 'court.leeds-crown', conviction('B2', { ...CARL, pncId: '2017/8888888T' })))
        .body.subjectIds[0];
      expect(other).not.toBe(someone);
    });

    it('an unknown review is 404; a candidate not in the review, or LINK without one, is 422 naming the field', async () => {
      expect(
        (await decide('00000000-0000-4000-8000-000000000000', { decision: 'KEEP_APART', reason: REASON })).status,
      ).toBe(404);
      expect((await decide('not-a-uuid', { decision: 'KEEP_APART', reason: REASON })).status).toBe(404);
      const review = (await openReviews()).find((r) => r.subjectId === other)!;
      const notCandidate = await decide(review.reviewId, {
        decision: 'LINK',
        candidateSubjectId: '00000000-0000-4000-8000-000000000000',
        reason: REASON,
      });
      expect(notCandidate.status).toBe(422);
      expect(fieldsNamed(notCandidate.body)).toEqual(['candidateSubjectId']);
      const noCandidate = await decide(review.reviewId, { decision: 'LINK', reason: 'x' });
      expect(noCandidate.status).toBe(422);
      expect(fieldsNamed(noCandidate.body).sort()).toEqual(['candidateSubjectId', 'reason']);
      const badDecision = await decide(review.reviewId, { decision: 'MAYBE', reason: REASON });
      expect(fieldsNamed(badDecision.body)).toEqual(['decision']);
      expect((await openReviews()).map((r) => r.reviewId)).toContain(review.reviewId);
    });

    it('merging a subject into itself is 422; an unknown subject is 404; only operators may merge', async () => {
      const self = await merge(someone, { mergeSubjectId: someone, reason: REASON });
      expect(self.status).toBe(422);
      expect(fieldsNamed(self.body)).toEqual(['mergeSubjectId']);
      const unknown = await merge(someone, { mergeSubjectId: '00000000-0000-4000-8000-000000000000', reason: REASON });
      expect(unknown.status).toBe(404);
      expect(fieldsNamed(unknown.body)).toEqual(['mergeSubjectId']);
      expect(
        (await merge('00000000-0000-4000-8000-000000000000', { mergeSubjectId: someone, reason: REASON })).status,
      ).toBe(404);
      const invalid = await merge(someone, { mergeSubjectId: 'nope' });
      expect(invalid.status).toBe(422);
      expect(fieldsNamed(invalid.body).sort()).toEqual(['mergeSubjectId', 'reason']);
      const byPolice = await request(hub.url)
        .post(`/v1/admin/subjects/${someone}/merge`)
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
        .send({ mergeSubjectId: other, reason: REASON });
      expect(byPolice.status).toBe(403);
    });

    it('a direct merge answers the open review that asked the same question', async () => {
      const review = (await openReviews()).find((r) => r.subjectId === other)!;
      const res = await merge(someone, { mergeSubjectId: other, reason: REASON });
      expect(res.status).toBe(201);
      expect((await openReviews()).map((r) => r.reviewId)).not.toContain(review.reviewId);
      expect((await decide(review.reviewId, { decision: 'KEEP_APART', reason: REASON })).status).toBe(409);
      expect((await unmerge(someone, { mergedSubjectId: other, reason: REASON })).status).toBe(200);
    });

    it('unmerging something never merged is 404; naming no merge is 422', async () => {
      const never = await unmerge(other, { mergedSubjectId: someone, reason: REASON });
      expect(never.status).toBe(404);
      expect(fieldsNamed(never.body)).toEqual(['mergedSubjectId']);
      expect((await unmerge(other, { mergeId: '00000000-0000-4000-8000-000000000000', reason: REASON })).status).toBe(
        404,
      );
      const nothing = await unmerge(other, { reason: REASON });
      expect(nothing.status).toBe(422);
      expect(fieldsNamed(nothing.body)).toEqual(['mergeId']);
      // Nothing was changed by any of it.
      expect(
        (await hub.db.query(`SELECT count(*)::int AS n FROM subjects WHERE merged_into IS NOT NULL`)).rows[0].n,
      ).toBe(0);
    });
  });
});
