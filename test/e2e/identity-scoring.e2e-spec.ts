import request from 'supertest';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** A court conviction for someone with no police identifiers, from another court's system. */
function courtConvictionWithoutIds(messageId: string, defendant: Record<string, unknown>) {
  const m = courtExample('hearing-resulted-shpo');
  return {
    ...m,
    messageId,
    case: { urn: `URN-${messageId}`, hearingDate: '2026-10-14' },
    defendant: { courtDefendantId: `D-${messageId}`, sex: 'M', ...defendant },
    orders: [],
  };
}

/**
 * Scored identity (issue 8 parts 1 and 5): a message with no identifier, whose name has a typo,
 * links to the subject by score; the events say so (linkbasis SCORED, linkscore), and an
 * agreement that requires an identifier link does not let them through.
 */
describe('scored identity links, and agreements that refuse them', () => {
  let hub: TestHub;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  let smith: string;
  // Police act on the person, so their agreement here requires an identifier link; probation's does not.
  const agreements = DEFAULT_AGREEMENTS.map((a) =>
    a.id === 'DSA-TEST-POLICE' ? { ...a, minimumLink: 'IDENTIFIER' } : a,
  );

  beforeAll(async () => {
    hub = await startTestHub({ agreements });
    await Promise.all([police.start(), probation.start()]);
    for (const [agency, receiver] of [
      ['police.west-yorkshire', police],
      ['probation.yorkshire', probation],
    ] as const) {
      expect((await subscribe(hub, agency, receiver.url, ['conviction.recorded'])).status).toBe(201);
    }
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    smith = res.body.subjectIds[0];
    await police.waitFor((r) => r.length >= 1);
    await probation.waitFor((r) => r.length >= 1);
  });

  afterAll(async () => {
    await hub?.close();
    await Promise.all([police.close(), probation.close()]);
  });

  it('links a typo-ed name with the same date of birth and postcode by score, and says how in the event', async () => {
    const res = await postCourtOutcome(
      hub,
      'court.leeds-magistrates',
      courtConvictionWithoutIds('SCORED-1', {
        name: { forenames: 'Jonh Michael', surname: 'Smith' },
        dateOfBirth: '1986-02-28',
        address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'ls62ab' },
      }),
    );
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([smith]);
    const { rows } = await hub.db.query(
      `SELECT DISTINCT data->'link' AS link FROM events WHERE inbound_message_id = $1`,
      [res.body.messageId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].link.basis).toBe('SCORED');
    expect(rows[0].link.score).toBeGreaterThanOrEqual(0.999);

    // Probation's agreement has no minimum: the scored conviction reaches it, marked as scored.
    await probation.waitFor((r) => r.some((x) => x.event.linkbasis === 'SCORED'));
    const event = probation.received.find((x) => x.event.linkbasis === 'SCORED')!.event;
    expect(event).toMatchObject({ type: 'conviction.recorded', subject: smith, agreement: 'DSA-TEST-PROBATION' });
    expect(Number(event.linkscore)).toBeGreaterThanOrEqual(0.999);

    // The police agreement requires an identifier link: no delivery was even made for these events.
    const { rows: policeDeliveries } = await hub.db.query(
      `SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id
        WHERE e.inbound_message_id = $1 AND s.agency_id = 'police.west-yorkshire'`,
      [res.body.messageId],
    );
    expect(policeDeliveries).toEqual([]);
    expect(police.received.every((x) => x.event.linkbasis !== 'SCORED')).toBe(true);
  });

  it('the police still get an identifier-linked conviction about the same subject', async () => {
    const m = courtExample('hearing-resulted-shpo');
    const res = await postCourtOutcome(hub, 'court.leeds-crown', {
      ...m,
      messageId: 'IDENT-2',
      case: { urn: 'URN-IDENT-2', hearingDate: '2026-10-20' },
      orders: [],
    });
    expect(res.body.subjectIds).toEqual([smith]);
    await police.waitFor((r) => r.filter((x) => x.event.type === 'conviction.recorded').length >= 2);
    expect(police.received.map((x) => x.event.linkbasis)).toEqual(['NEW_SUBJECT', 'IDENTIFIER']);
  });

  it('a weaker match becomes a new subject with a review that keeps the score and evidence', async () => {
    // Same surname, date of birth and address, a different first name: the twins rule speaks against a match.
    const res = await postCourtOutcome(
      hub,
      'court.leeds-magistrates',
      courtConvictionWithoutIds('TWIN-1', {
        name: { forenames: 'Peter', surname: 'Smith' },
        dateOfBirth: '1986-02-28',
        sex: 'M',
        address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB' },
      }),
    );
    expect(res.status).toBe(202);
    expect(res.body.subjectIds[0]).not.toBe(smith);
    expect(
      (await hub.db.query(`SELECT 1 FROM identity_reviews WHERE subject_id = $1`, [res.body.subjectIds[0]])).rows,
    ).toEqual([]);

    // Only an initial for the forename, no postcode: between the thresholds.
    const review = await postCourtOutcome(
      hub,
      'court.leeds-magistrates',
      courtConvictionWithoutIds('SWAP-1', { name: { forenames: 'J', surname: 'Smith' }, dateOfBirth: '1986-02-28' }),
    );
    const [created] = review.body.subjectIds;
    expect(created).not.toBe(smith);
    const { rows } = await hub.db.query(
      `SELECT candidate_subject_ids, reason, score, evidence FROM identity_reviews WHERE subject_id = $1`,
      [created],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].candidate_subject_ids).toContain(smith);
    expect(rows[0].reason).toMatch(/between the review and link thresholds/);
    expect(Number(rows[0].score)).toBeGreaterThanOrEqual(0.5);
    expect(Number(rows[0].score)).toBeLessThan(0.999);
    const evidence = rows[0].evidence.find((e: { subjectId: string }) => e.subjectId === smith);
    expect(
      evidence.comparisons.map((c: { comparison: string; level: string }) => `${c.comparison}:${c.level}`),
    ).toEqual(expect.arrayContaining(['forename:INITIAL', 'surname:EXACT', 'dateOfBirth:EXACT']));
    const listed = await request(hub.url)
      .get('/v1/admin/identity/reviews')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(listed.body.items.map((i: { subjectId: string }) => i.subjectId)).toContain(created);
  });
});
