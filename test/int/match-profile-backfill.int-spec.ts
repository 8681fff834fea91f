import { MatchProfileBackfill } from '../../src/identity/match-profile-backfill';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';

/**
 * Subjects that existed before scored matching (or lost their filing) are filed at start-up,
 * since the migration that made the tables no longer reads the records with application code.
 */
describe('match profiles backfilled at start-up', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('files a subject that has a record but no profile, and finds nothing more the second time', async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    const [subjectId] = res.body.subjectIds;
    await hub.db.query(`DELETE FROM subject_blocking_keys WHERE subject_id = $1`, [subjectId]);
    await hub.db.query(`DELETE FROM subject_match_profiles WHERE subject_id = $1`, [subjectId]);

    await hub.app.get(MatchProfileBackfill).onApplicationBootstrap();

    const { rows: profiles } = await hub.db.query(
      `SELECT names, dates_of_birth FROM subject_match_profiles WHERE subject_id = $1`,
      [subjectId],
    );
    expect(profiles).toHaveLength(1);
    expect(profiles[0].dates_of_birth).toEqual([courtExample('hearing-resulted-shpo').defendant.dateOfBirth]);
    const { rows: keys } = await hub.db.query(
      `SELECT count(*)::int AS n FROM subject_blocking_keys WHERE subject_id = $1`,
      [subjectId],
    );
    expect(keys[0].n).toBeGreaterThan(0);

    await hub.app.get(MatchProfileBackfill).onApplicationBootstrap();
    const { rows: again } = await hub.db.query(
      `SELECT count(*)::int AS n FROM subject_blocking_keys WHERE subject_id = $1`,
      [subjectId],
    );
    expect(again[0].n).toBe(keys[0].n);
  });
});
