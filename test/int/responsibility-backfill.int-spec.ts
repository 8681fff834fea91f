import { courtExample } from '../kit/examples';
import { postInbound, readSubject } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { ResponsibilityBackfill } from '../../src/consequences/responsibility-backfill';

/**
 * Subjects stored before responsibility facts had "areas = every sender's areas". The start-up
 * step rebuilds them from their command log: their areas become their current responsibility.
 */
describe('migrating existing subjects to responsibility facts', () => {
  let hub: TestHub;
  const areasOf = async (id: string) =>
    (await hub.db.query(`SELECT areas FROM subjects WHERE id = $1`, [id])).rows[0].areas as string[];
  /** Puts a subject back as the code before responsibility facts left it. */
  const asBefore = async (id: string, areas: string[]) => {
    await hub.db.query(
      `UPDATE subjects SET areas = $2, record = record - 'responsibility', responsibility_derived_at = NULL WHERE id = $1`,
      [id, areas],
    );
    await hub.db.query(`UPDATE subject_commands SET command = command - 'senderAreas' WHERE subject_id = $1`, [id]);
  };

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [
        ...DEFAULT_AGREEMENTS,
        {
          ...(DEFAULT_AGREEMENTS[0] as Record<string, unknown>),
          id: 'DSA-TEST-MET',
          recipients: ['police.metropolitan'],
          conditions: { areas: ['MPS'] },
        },
      ],
    });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('rebuilds areas from the command log, closing the hole a past push opened', async () => {
    const convicted = await postInbound(
      hub,
      'court-outcomes',
      'court.leeds-crown',
      courtExample('hearing-resulted-shpo'),
    );
    const subjectId = convicted.body.subjectIds[0];
    // The Met once pushed about him: under the old rule, its area was added.
    await asBefore(subjectId, ['MPS', 'WYP']);
    expect((await readSubject(hub, 'police.metropolitan', subjectId)).status).toBe(200);

    const outcome = await hub.app.get(ResponsibilityBackfill).run();
    expect(outcome).toEqual({ derived: 1, changedAreas: 1, notRebuilt: 0 });
    expect(await areasOf(subjectId)).toEqual(['WYP']);
    expect((await readSubject(hub, 'police.metropolitan', subjectId)).status).toBe(404);
    const { rows } = await hub.db.query(`SELECT record->'responsibility' AS facts FROM subjects WHERE id = $1`, [
      subjectId,
    ]);
    expect(rows[0].facts.map((f: { kind: string; area: string }) => `${f.kind}:${f.area}`).sort()).toEqual([
      'CONVICTING_COURT:WYP',
      'RESIDENCE:WYP',
    ]);
    // The commands now carry their senders' areas, so later replays (merges) place facts the same way.
    const logged = await hub.db.query(
      `SELECT command->'senderAreas' AS areas FROM subject_commands WHERE subject_id = $1`,
      [subjectId],
    );
    expect(logged.rows.map((r) => r.areas)).toEqual([['WYP']]);
    // Done once: a second run finds nothing to do.
    expect(await hub.app.get(ResponsibilityBackfill).run()).toEqual({ derived: 0, changedAreas: 0, notRebuilt: 0 });
  });

  it("the demo's example messages (scripts/post-examples.mjs): no subject changes areas", async () => {
    const demo = await startTestHub();
    try {
      const sent = [
        ['court.leeds-crown', 'hearing-resulted-shpo'],
        ['court.leeds-youth', 'hearing-resulted-juvenile-community'],
        ['court.leeds-magistrates', 'order-discharged'],
      ] as const;
      for (const [agency, name] of sent)
        expect((await postInbound(demo, 'court-outcomes', agency, courtExample(name))).status).toBe(202);
      // As the old code stored them: areas = every sender's areas (all three courts are WYP).
      await demo.db.query(
        `UPDATE subjects SET areas = '{WYP}', record = record - 'responsibility', responsibility_derived_at = NULL`,
      );
      await demo.db.query(`UPDATE subject_commands SET command = command - 'senderAreas'`);
      expect(await demo.app.get(ResponsibilityBackfill).run()).toEqual({ derived: 2, changedAreas: 0, notRebuilt: 0 });
    } finally {
      await demo.close();
    }
  });

  it('leaves a record its log cannot rebuild as it was, and reports it', async () => {
    const other = { ...courtExample('hearing-resulted-juvenile-community') };
    const res = await postInbound(hub, 'court-outcomes', 'court.leeds-youth', other);
    const subjectId = res.body.subjectIds[0];
    await asBefore(subjectId, ['WYP']);
    await hub.db.query(`DELETE FROM subject_commands WHERE subject_id = $1`, [subjectId]);
    expect(await hub.app.get(ResponsibilityBackfill).run()).toEqual({ derived: 0, changedAreas: 0, notRebuilt: 1 });
    expect(await areasOf(subjectId)).toEqual(['WYP']);
  });
});
