import { fieldsNamed } from '../kit/problems';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/hub-cli';
import { courtOutcomeCorpus } from '../kit/court-outcome-corpus';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { DEFAULT_AGENCIES, DEFAULT_AGREEMENTS, HMPO_AGENCY, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** Runs the CLI in-process, capturing what it prints. */
async function hub(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const envOf = (h: TestHub): NodeJS.ProcessEnv => ({
  DATABASE_URL: h.env.databaseUrl,
  REDIS_URL: h.env.redisUrl,
  HUB_REDIS_PREFIX: h.env.redisPrefix,
  HUB_CONFIG_DIR: h.env.configDir,
  HUB_REFERENCE_DIR: h.env.referenceDir,
  HUB_SIGNING_KEY_FILE: h.env.signingKeyFile,
  HUB_SECRETS_KEY_FILE: h.env.secretsKeyFile,
  HUB_AUDIT_KEY_FILE: h.env.auditKeyFile,
  HUB_DB_APP_ROLE: h.env.dbAppRole ?? 'none',
});

const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];
const COURT = 'court.leeds-crown';

describe('hub import (back-loading history through the inbound pipeline)', () => {
  let h: TestHub;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  // Police keep the default (back-loaded events are not pushed); probation's agreement delivers them.
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  const agreements = DEFAULT_AGREEMENTS.map((a) =>
    a.id === 'DSA-TEST-PROBATION' ? { ...a, backloaded: 'deliver' } : a,
  );

  const count = async (sql: string, params: unknown[] = []) => Number((await h.db.query(sql, params)).rows[0].n);
  const lines = (messages: unknown[]) =>
    `${messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('\n')}\n`;

  beforeAll(async () => {
    h = await startTestHub({ agencies: [...DEFAULT_AGENCIES, HMPO_AGENCY], agreements });
    env = envOf(h);
    dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
    await Promise.all([police.start(), probation.start()]);
    expect((await subscribe(h, 'police.west-yorkshire', police.url, EVENT_TYPES)).status).toBe(201);
    expect((await subscribe(h, 'probation.yorkshire', probation.url, EVENT_TYPES)).status).toBe(201);
  });

  afterAll(async () => {
    await h?.close();
    await Promise.all([police.close(), probation.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('a file of good, bad and duplicate lines', () => {
    let file: string;
    let first: Awaited<ReturnType<typeof hub>>;
    const good = [...courtOutcomeCorpus({ count: 8, people: 5, orderEvery: 4, tag: 'MIX' })];

    beforeAll(async () => {
      const badField = structuredClone(good[0]) as Record<string, any>;
      delete badField.defendant.dateOfBirth;
      badField.messageId = 'MIX-BAD-FIELD';
      // Names an order the hub holds for another person: refused by the rules, inside the batch.
      const foreignOrder = structuredClone(good[3]) as Record<string, any>; // good[3] makes MIX-SHPO-00000003
      foreignOrder.messageId = 'MIX-FOREIGN-ORDER';
      foreignOrder.defendant = {
        ...(good[1] as any).defendant,
        courtDefendantId: 'MIX-D-OTHER',
        dateOfBirth: '1960-01-01',
        name: { forenames: 'Zed', surname: 'OTHERPERSON' },
      };
      file = join(dir, 'mixed.ndjson');
      writeFileSync(
        file,
        lines([
          ...good.slice(0, 4),
          '{"schemaVersion": "1.0", "messageType": ', // not JSON
          badField,
          '',
          foreignOrder,
          ...good.slice(4),
          good[2], // the same hearing sent twice, as a court's export may hold it
        ]),
      );
      first = await hub(['import', '--source', 'court-outcomes', '--agency', COURT, '--batch', '4', file], env);
    });

    it('accepts the good lines and quarantines each bad one as the API would, without failing its neighbours', async () => {
      expect(first.err).toMatch(/Finished: 13 lines read, 9 accepted, 3 rejected \(quarantined\), 0 already imported/);
      expect(first.code).toBe(0);
      const result = JSON.parse(first.out);
      expect(result).toMatchObject({ accepted: 9, rejected: 3, finished: true, alreadyFinished: false, nextLine: 14 });
      const imported = `idempotency_key LIKE 'import:' || $1 || ':%'`;
      expect(
        await count(`SELECT count(*) AS n FROM inbound_messages WHERE status = 'accepted' AND ${imported}`, [
          result.fileSha256,
        ]),
      ).toBe(9);
      const rejected = await h.db.query(
        `SELECT idempotency_key, rejection FROM inbound_messages WHERE status = 'rejected' AND ${imported} ORDER BY idempotency_key`,
        [result.fileSha256],
      );
      const byLine = new Map(rejected.rows.map((r) => [Number(r.idempotency_key.split(':')[2]), r.rejection]));
      expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([5, 6, 8]);
      expect(byLine.get(5)).toMatchObject({
        status: 400,
        type: expect.stringMatching(/body-not-well-formed|BODY_NOT_WELL_FORMED/i),
      });
      expect(byLine.get(6)).toMatchObject({ status: 422 });
      expect(fieldsNamed(byLine.get(6) as { errors: { path: string }[] })).toEqual(['defendant.dateOfBirth']);
      expect(fieldsNamed(byLine.get(8) as { errors: { path: string }[] })).toEqual(['orders[0].orderRef']);
      expect(byLine.get(8)).toMatchObject({
        status: 422,
      });
    });

    it('makes one subject per person, with back-loaded events, and none for the refused person', async () => {
      expect(await count(`SELECT count(*) AS n FROM subject_identifiers WHERE value LIKE 'MIX-D-%'`)).toBe(5);
      expect(await count(`SELECT count(*) AS n FROM subjects WHERE record::text LIKE '%OTHERPERSON%'`)).toBe(0);
      const events = await h.db.query(`SELECT backloaded, count(*)::int AS n FROM events GROUP BY backloaded`);
      expect(events.rows).toEqual([{ backloaded: true, n: expect.any(Number) }]);
      expect(events.rows[0].n).toBeGreaterThanOrEqual(5 * 3);
    });

    it('delivers back-loaded events only under an agreement that chose `backloaded: deliver`, marked so', async () => {
      const raised = await count(`SELECT count(*) AS n FROM events WHERE type = ANY($1) AND backloaded`, [EVENT_TYPES]);
      await probation.waitFor((r) => r.length >= raised);
      expect(probation.received.every((r) => r.event.backloaded === true)).toBe(true);
      // Routing decided both agencies' deliveries of each event together; police got none.
      expect(await count(`SELECT count(*) AS n FROM outbox WHERE routed_at IS NULL`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM deliveries WHERE agency_id = 'police.west-yorkshire'`)).toBe(0);
      expect(police.received).toHaveLength(0);
      // The same police agreement carries news as it happens: the silence above was the back-loading.
      const res = await postCourtOutcome(h, COURT, courtExample('hearing-resulted-shpo'));
      expect(res.status).toBe(202);
      await police.waitFor((r) => r.some((x) => x.event.type === 'order.made'));
      expect(police.received.every((r) => r.event.subject === res.body.subjectIds[0])).toBe(true);
      expect(police.received.some((r) => 'backloaded' in r.event)).toBe(false);
    });

    it('keeps the audit chain whole', async () => {
      const verify = await hub(['audit:verify'], env);
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.out).ok).toBe(true);
    });

    it('does nothing when the finished file is run again, or its checkpoint is lost', async () => {
      const before = await count(`SELECT count(*) AS n FROM inbound_messages`);
      const events = await count(`SELECT count(*) AS n FROM events`);
      const again = await hub(['import', '--source', 'court-outcomes', '--agency', COURT, file], env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out)).toMatchObject({ alreadyFinished: true, read: 0 });
      // Without the checkpoint every line is still known by its own key.
      await h.db.query(`DELETE FROM import_checkpoints`);
      const lost = await hub(['import', '--source', 'court-outcomes', '--agency', COURT, file], env);
      expect(lost.code).toBe(0);
      expect(JSON.parse(lost.out)).toMatchObject({
        read: 13,
        accepted: 0,
        rejected: 0,
        alreadyImported: 12,
        finished: true,
      });
      expect(await count(`SELECT count(*) AS n FROM inbound_messages`)).toBe(before);
      expect(await count(`SELECT count(*) AS n FROM events`)).toBe(events);
    });
  });

  it('stops mid-file, refuses to start over, and --resume finishes with no line twice', async () => {
    const file = join(dir, 'resume.ndjson');
    writeFileSync(file, lines([...courtOutcomeCorpus({ count: 10, people: 6, orderEvery: 0, tag: 'RES' })]));
    const args = ['import', '--source', 'court-outcomes', '--agency', COURT, '--batch', '3'];
    const stopped = await hub([...args, '--limit', '4', file], env);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.out)).toMatchObject({ read: 4, accepted: 4, finished: false, nextLine: 5 });
    expect(stopped.err).toMatch(/Stopped before line 5/);
    const [checkpoint] = (await h.db.query(`SELECT * FROM import_checkpoints WHERE file_path = $1`, [file])).rows;
    expect(checkpoint).toMatchObject({ next_line: '5', accepted: '4', finished_at: null });
    expect(Number(checkpoint.byte_offset)).toBeGreaterThan(0);

    const fresh = await hub([...args, file], env);
    expect(fresh.code).toBe(2);
    expect(fresh.err).toMatch(/--resume/);

    const resumed = await hub([...args, '--resume', file], env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({
      read: 6,
      accepted: 6,
      alreadyImported: 0,
      finished: true,
      nextLine: 11,
    });
    const messages = await h.db.query(
      `SELECT source_message_id, count(*)::int AS n FROM inbound_messages WHERE source_message_id LIKE 'RES-%' GROUP BY 1`,
    );
    expect(messages.rows).toHaveLength(10);
    expect(messages.rows.every((r) => r.n === 1)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM subject_identifiers WHERE value LIKE 'RES-D-%'`)).toBe(6);
  });

  it('a crash inside a batch (its connection killed mid-transaction) loses the batch whole, and --resume finishes it', async () => {
    const file = join(dir, 'crash.ndjson');
    writeFileSync(file, lines([...courtOutcomeCorpus({ count: 40, people: 25, orderEvery: 0, tag: 'CRASH' })]));
    // The import's own connections, told apart so only they are killed.
    const crashEnv = { ...env, DATABASE_URL: `${env.DATABASE_URL}?application_name=hub-import-crash` };
    const args = ['import', '--source', 'court-outcomes', '--agency', COURT, '--batch', '5', file];
    let settled = false;
    const running = hub(args, crashEnv).finally(() => (settled = true));
    let killed = 0;
    // Once a batch has committed, every transaction of the import that has written is killed (the
    // batch's own redo too) until the import gives up: a crash in the middle of a batch.
    for (let i = 0; i < 3000 && !settled; i++) {
      await new Promise((r) => setTimeout(r, 5));
      if (!killed) {
        const [cp] = (await h.db.query(`SELECT next_line FROM import_checkpoints WHERE file_path = $1`, [file])).rows;
        if (!cp || Number(cp.next_line) < 6) continue;
      }
      killed += (
        await h.db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'hub-import-crash' AND backend_xid IS NOT NULL`,
        )
      ).rowCount!;
    }
    const crashed = await running;
    expect(crashed.code).toBe(1);
    const [cp] = (await h.db.query(`SELECT next_line, accepted FROM import_checkpoints WHERE file_path = $1`, [file]))
      .rows;
    const committed = Number(cp.next_line) - 1;
    expect(committed % 5).toBe(0); // whole batches only
    expect(committed).toBeLessThan(40);
    // What the checkpoint says committed is exactly what is stored: the killed batch left nothing.
    expect(await count(`SELECT count(*) AS n FROM inbound_messages WHERE source_message_id LIKE 'CRASH-%'`)).toBe(
      committed,
    );

    const resumed = await hub([...args.slice(0, -1), '--resume', file], env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({
      read: 40 - committed,
      accepted: 40 - committed,
      alreadyImported: 0,
      finished: true,
    });
    const messages = await h.db.query(
      `SELECT source_message_id, count(*)::int AS n FROM inbound_messages WHERE source_message_id LIKE 'CRASH-%' GROUP BY 1`,
    );
    expect(messages.rows).toHaveLength(40);
    expect(messages.rows.every((r) => r.n === 1)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM subject_identifiers WHERE value LIKE 'CRASH-D-%'`)).toBe(25);
  });

  it('takes the other sources through their own adapters (each line as its API takes it)', async () => {
    const fixtures = (source: string, names: string[]) =>
      names.map((n) => JSON.parse(readFileSync(join('adapters/inbound', source, 'fixtures', `${n}.json`), 'utf8')));
    const cases = [
      {
        source: 'probation',
        agency: 'probation.yorkshire',
        lines: fixtures('probation', ['risk-assessment-completed', 'mappa-changed']),
      },
      {
        source: 'pnc',
        agency: 'police.west-yorkshire',
        lines: fixtures('pnc', ['caution-recorded', 'notification-foreign-travel']),
      },
      {
        source: 'prison',
        agency: 'prison.leeds',
        lines: fixtures('prison', ['reception', 'transferred', 'release-date-set', 'released']),
      },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.source}.ndjson`);
      writeFileSync(file, lines(c.lines));
      const res = await hub(['import', '--source', c.source, '--agency', c.agency, file], env);
      expect({ source: c.source, code: res.code }).toEqual({ source: c.source, code: 0 });
      expect(JSON.parse(res.out)).toMatchObject({ read: c.lines.length, accepted: c.lines.length, rejected: 0 });
      expect(
        await count(`SELECT count(*) AS n FROM inbound_messages WHERE adapter = $1 AND status = 'accepted'`, [
          c.source,
        ]),
      ).toBe(c.lines.length);
    }
    // An XML source's line is a JSON string holding the document; a hit on an entry the hub never lodged is refused as the API refuses it.
    const xml = readFileSync('adapters/inbound/passport-watchlist/fixtures/watchlist-hit.xml', 'utf8');
    const file = join(dir, 'hits.ndjson');
    writeFileSync(file, lines([JSON.stringify(xml)]));
    const res = await hub(['import', '--source', 'passport-watchlist', '--agency', 'hmpo', file], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ read: 1, accepted: 0, rejected: 1 });
    const [kept] = (
      await h.db.query(
        `SELECT body, rejection FROM inbound_messages WHERE adapter = 'passport-watchlist' AND status = 'rejected'`,
      )
    ).rows;
    expect(kept.body).toBe(xml);
    expect(kept.rejection).toMatchObject({ status: 422, errors: [expect.objectContaining({ path: 'WatchlistRef' })] });
  });

  it('has --help, and refuses an unknown source or a sender of the wrong kind', async () => {
    const help = await hub(['import', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: hub import --source SOURCE/);
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, lines([...courtOutcomeCorpus({ count: 1, people: 1, tag: 'ONE' })]));
    expect((await hub(['import', '--source', 'nonsense', file], env)).code).toBe(2);
    const wrongKind = await hub(
      ['import', '--source', 'court-outcomes', '--agency', 'police.west-yorkshire', file],
      env,
    );
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.err).toMatch(/POLICE agency may not send court-outcomes/);
    // Three courts are configured: the sender must be named.
    expect((await hub(['import', '--source', 'court-outcomes', file], env)).code).toBe(2);
  });
});
