import { waitForDeliveries } from '../kit/db-wait';
import { cliEnvOf, hubCli as hub } from '../kit/cli';
import { courtExample } from '../kit/examples';
import { postCourtOutcome, subscribe } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';

const EVENT_TYPES = ['subject.created', 'conviction.recorded', 'registration.started', 'order.made'];
const OPERATOR = ['--operator', 'jane.doe@hub.example', '--reason', 'Receiver restored; INC-5120'];

describe('hub replay (dead letters, through the operator replay service)', () => {
  let testHub: TestHub;
  const police = new WebhookReceiver();
  const probation = new WebhookReceiver();
  let env: NodeJS.ProcessEnv;
  const started = new Date().toISOString();

  const dead = async (agency: string): Promise<{ id: string }[]> =>
    (
      await testHub.db.query(`SELECT id FROM deliveries WHERE agency_id = $1 AND status = 'dead' ORDER BY created_at`, [
        agency,
      ])
    ).rows;
  const audited = async (operation: string) =>
    (
      await testHub.db.query(
        `SELECT actor_sub, agency_id, justification, recipients, details FROM audit_log WHERE operation = $1 ORDER BY id`,
        [operation],
      )
    ).rows;

  beforeAll(async () => {
    testHub = await startTestHub();
    env = cliEnvOf(testHub);
    await Promise.all([police.start(), probation.start()]);
    for (const [agency, receiver] of [
      ['police.west-yorkshire', police],
      ['probation.yorkshire', probation],
    ] as const) {
      expect((await subscribe(testHub, agency, receiver.url, EVENT_TYPES)).status).toBe(201);
      receiver.answers = [404, 404, 404, 404]; // misconfigured endpoints: every event is dead-lettered
    }
    const res = await postCourtOutcome(testHub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    await waitForDeliveries(testHub.db, res.body.events);
    expect(await dead('police.west-yorkshire')).toHaveLength(4);
    expect(await dead('probation.yorkshire')).toHaveLength(4);
  });
  afterAll(async () => {
    await testHub?.close();
    await Promise.all([police.close(), probation.close()]);
  });

  it('has --help, and refuses a run without an operator, a reason or a selection', async () => {
    const help = await hub(['replay', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: hub replay/);
    expect((await hub(['--help'])).out).toMatch(/replay/);
    expect((await hub(['replay', '--all'], env)).code).toBe(2);
    expect((await hub(['replay', '--operator', 'x', '--all'], env)).code).toBe(2);
    expect((await hub(['replay', ...OPERATOR], env)).code).toBe(2);
    expect((await hub(['replay', ...OPERATOR, '--since', 'yesterday'], env)).code).toBe(2);
    expect((await hub(['replay', ...OPERATOR, '--delivery', 'not-an-id'], env)).code).toBe(2);
  });

  it('--dry-run lists the dead letters it would replay, sends nothing, and audits the read', async () => {
    const res = await hub(['replay', ...OPERATOR, '--agency', 'police.west-yorkshire', '--dry-run'], env);
    expect(res.code).toBe(0);
    const ids = (await dead('police.west-yorkshire')).map((d) => d.id);
    for (const id of ids) expect(res.out).toContain(`would replay ${id} to police.west-yorkshire`);
    expect(res.out).not.toContain('probation.yorkshire');
    expect(res.out).toMatch(/4 deliveries would be replayed \(dry run: nothing sent\)/);
    // A future --since selects nothing.
    const later = await hub(['replay', ...OPERATOR, '--since', '2099-01-01T00:00:00Z', '--dry-run'], env);
    expect(later.out).toMatch(/^0 deliveries would be replayed/m);
    await new Promise((r) => setTimeout(r, 500));
    expect(police.received).toHaveLength(0);
    expect(await dead('police.west-yorkshire')).toHaveLength(4);
    const reads = await audited('admin.deliveries.read');
    expect(reads[0]).toMatchObject({ actor_sub: 'jane.doe@hub.example', agency_id: 'hub.operators' });
    expect(await audited('delivery.replay.queued')).toHaveLength(0);
  });

  it('--delivery replays one dead letter as the same message, audited as the HTTP replay is', async () => {
    const [first] = await dead('probation.yorkshire');
    const res = await hub(['replay', ...OPERATOR, '--delivery', first.id], env);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(new RegExp(`^queued ${first.id} to probation.yorkshire`, 'm'));
    expect(res.out).toMatch(/1 queued, 0 withheld, 0 refused/);
    await probation.waitFor((r) => r.length === 1);
    expect(probation.received[0].headers['webhook-id']).toBe(first.id);
    expect(await dead('probation.yorkshire')).toHaveLength(3);
    const queued = await audited('delivery.replay.queued');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      actor_sub: 'jane.doe@hub.example',
      agency_id: 'hub.operators',
      justification: 'Receiver restored; INC-5120',
      recipients: ['probation.yorkshire'],
      details: expect.objectContaining({ deliveryId: first.id }),
    });
    // Replaying it again is refused by the service (it is on its way or delivered): exit 1.
    const again = await hub(['replay', ...OPERATOR, '--delivery', first.id], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(new RegExp(`refused ${first.id}`));
  });

  it('--agency with --since replays every dead letter of that agency, and only those', async () => {
    const ids = (await dead('police.west-yorkshire')).map((d) => d.id);
    const res = await hub(['replay', ...OPERATOR, '--agency', 'police.west-yorkshire', '--since', started], env);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/4 queued, 0 withheld, 0 refused/);
    await police.waitFor((r) => r.length === 4);
    expect(police.received.map((r) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
    expect(await dead('police.west-yorkshire')).toHaveLength(0);
    expect(await dead('probation.yorkshire')).toHaveLength(3);
    expect(await audited('delivery.replay.queued')).toHaveLength(5);
    // Nothing dead is left for police: a second run replays nothing.
    expect((await hub(['replay', ...OPERATOR, '--agency', 'police.west-yorkshire'], env)).out).toMatch(
      /0 queued, 0 withheld, 0 refused/,
    );
  });
});
