import request from 'supertest';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { fieldsNamed } from '../kit/problems';

/** A court conviction from a system with no police identifiers (each message its own defendant id). */
function conviction(messageId: string, defendant: Record<string, unknown>) {
  const m = courtExample('hearing-resulted-shpo');
  return {
    ...m,
    messageId,
    case: { urn: `URN-${messageId}`, hearingDate: '2026-10-14' },
    defendant: { courtDefendantId: `D-${messageId}`, sex: 'F', ...defendant },
    orders: [],
  };
}

const ISABELLE = {
  name: { forenames: 'Isabelle', surname: 'Eglinton' },
  dateOfBirth: '1991-04-17',
  address: { line1: '3 Example Row', town: 'Leeds', postcode: 'LS7 3QT' },
};
/** Her date of birth mistyped by one digit, and no address to confirm it: a review, not a link. */
const MISTYPED = { name: { forenames: 'Isabelle', surname: 'Eglinton' }, dateOfBirth: '1991-04-19' };

/**
 * Cluster-aware linking (the identity issue): once a person is split across two subjects, a
 * message that fits both links to the best supported, not to a third; one review asks to merge
 * the split, and deciding it merges the whole cluster in one decision.
 */
describe('a person split across subjects: linked to the best, one review, one decision merges', () => {
  let hub: TestHub;
  let first: string;
  let second: string;
  const admin = async () => `Bearer ${await hub.token('hub.operators')}`;
  const post = async (id: string, defendant: Record<string, unknown>) => {
    const res = await postCourtOutcome(hub, 'court.leeds-magistrates', conviction(id, defendant));
    expect(res.status).toBe(202);
    return res.body.subjectIds[0] as string;
  };
  const openReviews = async (query = '') =>
    request(hub.url)
      .get(`/v1/admin/identity/reviews${query}`)
      .set('authorization', await admin());

  beforeAll(async () => {
    hub = await startTestHub();
    first = await post('SPLIT-1', ISABELLE);
    second = await post('SPLIT-2', MISTYPED);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('the mistyped record made a second subject, with a review against the first', async () => {
    expect(second).not.toBe(first);
    const { rows } = await hub.db.query(
      `SELECT kind, candidate_subject_ids FROM identity_reviews WHERE subject_id = $1`,
      [second],
    );
    expect(rows).toEqual([{ kind: 'NEW_SUBJECT', candidate_subject_ids: [first] }]);
  });

  it('an exact repeat of a record already linked lands on its subject, never on a new one', async () => {
    expect(await post('SPLIT-2-AGAIN', MISTYPED)).toBe(second);
    expect(await post('SPLIT-1-AGAIN', ISABELLE)).toBe(first);
    expect((await hub.db.query(`SELECT count(*)::int AS n FROM subjects`)).rows[0].n).toBe(2);
  });

  it('a record fitting both links to the better supported and raises one SPLIT review for the other', async () => {
    // The mistyped date again, now with her address: both subjects qualify.
    const linked = await post('SPLIT-3', { ...MISTYPED, address: ISABELLE.address });
    expect([first, second]).toContain(linked);
    const other = linked === first ? second : first;
    const { rows } = await hub.db.query(
      `SELECT kind, subject_id, candidate_subject_ids FROM identity_reviews WHERE kind = 'SPLIT'`,
    );
    expect(rows).toEqual([{ kind: 'SPLIT', subject_id: linked, candidate_subject_ids: [other] }]);
    // The same again raises no second review while the first waits.
    expect(await post('SPLIT-3-AGAIN', { ...MISTYPED, address: ISABELLE.address })).toBe(linked);
    expect((await hub.db.query(`SELECT count(*)::int AS n FROM identity_reviews WHERE kind = 'SPLIT'`)).rows[0].n).toBe(
      1,
    );
  });

  it('the queue pages by cursor and shows the evidence side by side', async () => {
    const page1 = await openReviews('?limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await openReviews(`?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body).toHaveProperty('nextCursor', null);
    const items = [...page1.body.items, ...page2.body.items];
    expect(items.map((i: { kind: string }) => i.kind).sort()).toEqual(['NEW_SUBJECT', 'SPLIT']);
    const split = items.find((i: { kind: string }) => i.kind === 'SPLIT');
    const dob = split.evidence[0].comparisons.find((c: { comparison: string }) => c.comparison === 'dateOfBirth');
    expect(dob).toMatchObject({ message: '1991-04-19', candidate: expect.stringMatching(/^1991-04-1[79]$/) });
    expect(split.score).toBeGreaterThanOrEqual(0.999);

    const bad = await openReviews('?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(fieldsNamed(bad.body)).toEqual(['cursor']);
  });

  it('MERGE_ALL decides the SPLIT review: the cluster becomes one subject in one decision, and both reviews close', async () => {
    const split = (await openReviews()).body.items.find((i: { kind: string }) => i.kind === 'SPLIT');
    const res = await request(hub.url)
      .post(`/v1/admin/identity/reviews/${split.reviewId}/decision`)
      .set('authorization', await admin())
      .send({ decision: 'MERGE_ALL', reason: 'Same person: custody photograph compared; ticket IDR-77' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: 'MERGE_ALL',
      subjectId: split.subjectId,
      merges: [{ survivorSubjectId: split.subjectId, mergedSubjectId: split.candidateSubjectIds[0] }],
    });
    const { rows } = await hub.db.query(`SELECT id FROM subjects WHERE merged_into IS NULL`);
    expect(rows.map((r) => r.id)).toEqual([split.subjectId]);
    // The NEW_SUBJECT review asked the same question: answered by the merge.
    expect((await openReviews()).body.items).toEqual([]);
    // Her next record, either way written, lands on the one subject.
    expect(await post('SPLIT-4', MISTYPED)).toBe(split.subjectId);
    expect(await post('SPLIT-5', ISABELLE)).toBe(split.subjectId);
  });

  it('MERGE_ALL is refused for a NEW_SUBJECT review, naming the field', async () => {
    const lone = await post('LONE-1', {
      name: { forenames: 'Isabelle', surname: 'Eglinton' },
      dateOfBirth: '1991-04-27',
    });
    const { rows } = await hub.db.query(`SELECT id FROM identity_reviews WHERE subject_id = $1`, [lone]);
    expect(rows).toHaveLength(1);
    const res = await request(hub.url)
      .post(`/v1/admin/identity/reviews/${rows[0].id}/decision`)
      .set('authorization', await admin())
      .send({ decision: 'MERGE_ALL', reason: 'Trying to merge all of them' });
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body)).toEqual(['decision']);
  });
});
