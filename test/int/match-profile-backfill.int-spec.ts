import { MatchProfileBackfill } from '../../src/identity/match-profile-backfill';
import { BLOCKING_KEYS_VERSION, subjectBlockingKeys } from '../../src/identity/scoring/blocking-keys';
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

  it("re-keys a profile filed under an older version of the blocking keys: its old keys go, today's come", async () => {
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    const [subjectId] = res.body.subjectIds;
    const dob = courtExample('hearing-resulted-shpo').defendant.dateOfBirth;
    // As version 1 filed it: the date of birth key without an initial.
    await hub.db.query(`DELETE FROM subject_blocking_keys WHERE subject_id = $1`, [subjectId]);
    await hub.db.query(`INSERT INTO subject_blocking_keys (block_key, subject_id) VALUES ($1, $2)`, [
      `D:${dob}`,
      subjectId,
    ]);
    await hub.db.query(`UPDATE subject_match_profiles SET keys_version = 1 WHERE subject_id = $1`, [subjectId]);

    await hub.app.get(MatchProfileBackfill).onApplicationBootstrap();

    const {
      rows: [profile],
    } = await hub.db.query(
      `SELECT names, dates_of_birth, postcodes, keys_version FROM subject_match_profiles WHERE subject_id = $1`,
      [subjectId],
    );
    expect(profile.keys_version).toBe(BLOCKING_KEYS_VERSION);
    const { rows: keys } = await hub.db.query(
      `SELECT block_key FROM subject_blocking_keys WHERE subject_id = $1 ORDER BY block_key`,
      [subjectId],
    );
    const expected = subjectBlockingKeys({
      names: profile.names,
      datesOfBirth: profile.dates_of_birth,
      postcodes: profile.postcodes,
      identifiers: [],
    }).sort();
    expect(keys.map((k: { block_key: string }) => k.block_key)).toEqual(expected);
    expect(expected).not.toContain(`D:${dob}`);
    expect(expected.some((k) => k.startsWith(`D:${dob}|`))).toBe(true);
  });
});
