import { compactVerify, importJWK } from 'jose';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { cliEnvOf as envOf, hubCli as hub } from '../kit/cli';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { asRogueSuperuser } from '../kit/rogue-superuser';
import { startTestHub, type TestHub } from '../kit/test-hub';

describe('hub (the operator CLI)', () => {
  it('lists its commands, and each has --help', async () => {
    const list = await hub(['--help']);
    expect(list.code).toBe(0);
    for (const name of ['config:validate', 'audit:verify', 'audit:checkpoint']) {
      expect(list.out).toContain(name);
      const help = await hub([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage: hub ${name}`));
    }
    expect((await hub(['frobnicate'])).code).toBe(2);
    expect((await hub(['audit:checkpoint', '--bogus'])).code).toBe(2);
  });

  describe('config:validate DIR', () => {
    it('accepts the shipped configuration', async () => {
      // The demo parties' keys are committed, so they validate only as a demo.
      const res = await hub(['config:validate', 'config/demo'], { HUB_DEMO: 'true' });
      expect(res.code).toBe(0);
      // Every agreement file shipped is read and valid, however many there are.
      const shipped = readdirSync('config/demo/agreements').filter((f) => f.endsWith('.yaml')).length;
      expect(shipped).toBeGreaterThanOrEqual(3);
      expect(res.out).toMatch(new RegExp(`\\d+ agencies and ${shipped} agreements are valid`));
    });

    it('names each bad file and field, and exits 78', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hub-cli-config-'));
      try {
        cpSync('config/demo', dir, { recursive: true });
        const file = join(dir, 'agreements', 'DSA-2026-014.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^validFrom: .*$/m, 'validFrom: not-a-date'));
        writeFileSync(
          join(dir, 'agencies', 'rogue.yaml'),
          'id: rogue\nname: Rogue\nkind: PIRATE\nareas: []\njwks: ../jwks/none.json\n',
        );
        const res = await hub(['config:validate', dir], { HUB_DEMO: 'true' });
        expect(res.code).toBe(78);
        expect(res.err).toMatch(/rogue\.yaml/);
        expect(res.err).toMatch(/kind/);
        expect(res.err).toMatch(/DSA-2026-014\.yaml: validFrom/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a missing directory', async () => {
      expect((await hub(['config:validate', '/nonexistent/hub-config'])).code).toBe(2);
      expect((await hub(['config:validate'])).code).toBe(2);
    });
  });

  describe("audit:verify and audit:checkpoint, with the hub's own services", () => {
    let testHub: TestHub;
    const outDir = mkdtempSync(join(tmpdir(), 'hub-cli-out-'));
    beforeAll(async () => {
      testHub = await startTestHub();
      expect((await postCourtOutcome(testHub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(
        202,
      );
    });
    afterAll(async () => {
      await testHub?.close();
      rmSync(outDir, { recursive: true, force: true });
    });

    it('audit:checkpoint --out writes a checkpoint signed with the key the JWKS publishes, and never overwrites', async () => {
      const file = join(outDir, 'checkpoint.json');
      const res = await hub(['audit:checkpoint', '--out', file], envOf(testHub));
      expect(res.code).toBe(0);
      const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
      expect(checkpoint.heads.length).toBeGreaterThan(0);
      const jwks = (await request(testHub.url).get('/.well-known/jwks.json')).body;
      const { payload } = await compactVerify(checkpoint.checkpoint, await importJWK(jwks.keys[0], 'EdDSA'));
      expect(JSON.parse(new TextDecoder().decode(payload)).heads).toEqual(checkpoint.heads);
      // The HTTP side accepts what the CLI issued.
      const verified = await request(testHub.url)
        .post('/v1/audit/checkpoint/verify')
        .set('authorization', `Bearer ${await testHub.token('hub.operators')}`)
        .send({ checkpoint: checkpoint.checkpoint });
      expect(verified.body.ok).toBe(true);
      expect((await hub(['audit:checkpoint', '--out', file], envOf(testHub))).code).toBe(1);
      expect((await hub(['audit:checkpoint'], envOf(testHub))).code).toBe(2);
    });

    it('audit:verify exits 0 on an intact log and 1 naming the first broken link after tampering', async () => {
      const intact = await hub(['audit:verify'], envOf(testHub));
      expect(intact.code).toBe(0);
      expect(JSON.parse(intact.out)).toMatchObject({ ok: true, checked: expect.any(Number) });
      await asRogueSuperuser(testHub.db, async (c) => {
        await c.query(
          `UPDATE audit_log SET justification = 'edited' WHERE id = (SELECT id FROM audit_log ORDER BY chain, seq LIMIT 1)`,
        );
      });
      const broken = await hub(['audit:verify'], envOf(testHub));
      expect(broken.code).toBe(1);
      expect(JSON.parse(broken.out)).toMatchObject({ ok: false, firstBrokenAt: { seq: expect.any(Number) } });
    });
  });
});
