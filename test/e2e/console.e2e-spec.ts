import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import request from 'supertest';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { subscribe } from '../kit/http';
import { WebhookReceiver } from '../kit/webhook-receiver';

/** Debian's Chromium, driven headless by playwright-core (no browser download on these machines). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test/artifacts/console';

/**
 * Times on a console page are London wall-clock time with GMT or BST said, each in a
 * `<time datetime>` that keeps the exact UTC instant, and the two agree.
 */
async function expectLondonTimes(scope: Locator): Promise<void> {
  const times = await scope
    .locator('time')
    .evaluateAll((els) => els.map((e) => ({ datetime: e.getAttribute('datetime') ?? '', text: e.textContent ?? '' })));
  expect(times.length).toBeGreaterThan(0);
  const london = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  for (const t of times) {
    expect(t.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(t.text).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}:\d{2} (GMT|BST)$/);
    expect(t.text).toBe(london.format(new Date(t.datetime)));
  }
}

describe('the operator console in a real browser', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const police = new WebhookReceiver();

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const signIn = async (agency: string) => {
    await page.goto(`${hub.url}/console`);
    await page.getByLabel('Agency token').fill(await hub.token(agency));
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Token sign-in (tests and demos only); test/security/console.e2e-spec.ts signs in through OIDC.
    hub = await startTestHub({ env: { HUB_CONSOLE_TOKEN_SIGN_IN: 'true' } });
    // Police refuse the first delivery for good (400): a dead letter to find and replay.
    await police.start();
    police.answers = [400];
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, ['conviction.recorded'])).status).toBe(201);
    expect((await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).status).toBe(202);
    const deadline = Date.now() + 15000;
    while (
      Date.now() < deadline &&
      (await hub.db.query(`SELECT 1 FROM deliveries WHERE status = 'dead'`)).rowCount === 0
    )
      await new Promise((r) => setTimeout(r, 50));
    // Refused: a bad date of birth and an unknown field; its body names the defendant.
    const bad = courtExample('hearing-resulted-juvenile-community');
    bad.defendant.dateOfBirth = '2010-02-30';
    bad.defendant.favouriteColour = 'blue';
    expect((await postCourtOutcome(hub, 'court.leeds-youth', bad)).status).toBe(422);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await police.close();
  });

  it('sends a visitor without a session to sign in, and refuses a token without the admin scope', async () => {
    await page.goto(`${hub.url}/console/mi`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await shot('sign-in');
    await signIn('police.west-yorkshire');
    expect(await page.getByRole('alert').textContent()).toContain('was not accepted');
  });

  it('signs an operator in with an agency token and shows the overview with its charts', async () => {
    await signIn('hub.operators');
    expect(page.url()).toBe(`${hub.url}/console`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    expect(await page.getByRole('img', { name: /Messages received per source/ }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Messages per source per hour' }).textContent()).toContain(
      'court-outcomes',
    );
    expect(await page.getByRole('list', { name: 'Totals' }).textContent()).toMatch(/1\s*quarantined/);
    expect(await page.getByRole('table', { name: 'PNC and HMPO' }).textContent()).toMatch(
      /PNC \(checks\)not configured0 checks in the last hour/,
    );
    await shot('overview');
  });

  it('finds the quarantined message, masked until a justification is given, and audits the reveal', async () => {
    await page.getByRole('link', { name: 'Quarantine' }).click();
    expect(await page.getByRole('table', { name: 'Quarantined messages' }).textContent()).toContain(
      'defendant.dateOfBirth',
    );
    await shot('quarantine');
    await expectLondonTimes(page.getByRole('table', { name: 'Quarantined messages' }));
    await page
      .getByRole('link', { name: /Inspect/ })
      .first()
      .click();
    const masked = await page.locator('pre').textContent();
    expect(masked).toContain('"surname": "•••"');
    expect(masked).not.toContain('Nwosu');
    expect(masked).not.toContain('2010-02-30');
    await shot('quarantine-masked');
    await page
      .getByLabel(/Why do you need to see the personal data/)
      .fill('Checking the date of birth with the youth court');
    await page.getByRole('button', { name: 'Show unmasked' }).click();
    const revealed = await page.locator('pre').textContent();
    expect(revealed).toContain('2010-02-30');
    expect(revealed).toContain("O'Connor-Nwosu");
    await shot('quarantine-revealed');
    const { rows } = await hub.db.query(
      `SELECT actor_sub, justification FROM audit_log WHERE operation = 'console.quarantine.reveal'`,
    );
    expect(rows).toEqual([
      { actor_sub: 'hub.operators:test-user', justification: 'Checking the date of birth with the youth court' },
    ]);
  });

  it('replays a dead letter, which then arrives', async () => {
    await page.getByRole('link', { name: 'Dead letters' }).click();
    expect(await page.getByRole('table', { name: 'Dead letters' }).textContent()).toContain('conviction.recorded');
    await shot('dead-letters');
    await page.getByLabel('Reason').first().fill('Police fixed their receiver');
    await page
      .getByRole('button', { name: /Replay/ })
      .first()
      .click();
    expect(await page.getByRole('status').textContent()).toMatch(/Replay of .*: queued/);
    await police.waitFor((r) => r.some((x) => x.event.type === 'conviction.recorded'));
  });

  it('reads the management information page and exports it as CSV', async () => {
    // An identity review waiting (how reviews arise is the identity suites' business).
    await hub.db.query(
      `INSERT INTO identity_reviews (subject_id, candidate_subject_ids, reason) SELECT id, ARRAY[id], 'console test' FROM subjects LIMIT 1`,
    );
    await page.getByRole('link', { name: 'Management information' }).click();
    expect(await page.getByRole('table', { name: 'Identity reviews waiting, by how long' }).textContent()).toMatch(
      /under a day\s*1/,
    );
    expect(await page.getByRole('heading', { level: 2, name: 'Registered subjects by area' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Registered subjects by area' }).textContent()).toMatch(/WYP\s*1/);
    await shot('mi');
    const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-hub-session')!;
    const csv = await request(hub.url)
      .get('/console/mi?format=csv')
      .set('cookie', `__Host-hub-session=${cookie.value}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'section,key,value',
        'Registered subjects by area,WYP,1',
        '"Identity reviews waiting, by how long",under a day,1',
      ]),
    );
  });

  it('shows agreements with their state, and deadlines', async () => {
    await page.getByRole('link', { name: 'Agreements' }).click();
    expect(await page.getByRole('table', { name: 'Data-sharing agreements' }).textContent()).toMatch(
      /DSA-TEST-POLICE\s*active/,
    );
    await shot('agreements');
    await page.getByRole('link', { name: 'Deadlines' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Deadlines');
    await shot('deadlines');
  });

  it('previews what each recipient of an agreement would see of a subject, and nothing its agreement leaves out', async () => {
    const { rows } = await hub.db.query(`SELECT id FROM subjects LIMIT 1`);
    const preview = async (agreementId: string) => {
      await page.getByRole('link', { name: 'Agreements' }).click();
      await page.getByLabel('Agreement').selectOption(agreementId);
      await page.getByLabel('Subject id').fill(rows[0].id);
      await page.getByRole('button', { name: 'Preview' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Disclosure preview');
      return (await page.getByRole('table', { name: 'What each recipient would see now' }).textContent()) ?? '';
    };
    // Police: names and the address their agreement lists.
    const police = await preview('DSA-TEST-POLICE');
    expect(police).toMatch(/police\.west-yorkshire\s*yes/);
    expect(police).toContain('SMITH');
    expect(police).toContain('14 Example Terrace');
    await shot('agreement-preview');
    // Probation's agreement leaves the address out: the preview, like a read, never shows it.
    const probation = await preview('DSA-TEST-PROBATION');
    expect(probation).toMatch(/probation\.yorkshire\s*yes/);
    expect(probation).toContain('SMITH');
    expect(probation).not.toContain('14 Example Terrace');
    expect(probation).not.toContain('LS6 2AB');
    const { rows: audited } = await hub.db.query(
      `SELECT agreement_ids FROM audit_log WHERE operation = 'console.agreement.preview' ORDER BY id`,
    );
    expect(audited).toEqual([{ agreement_ids: ['DSA-TEST-POLICE'] }, { agreement_ids: ['DSA-TEST-PROBATION'] }]);
  });

  it("shows a subject's disclosure history: each event, who sent it, who received it, when", async () => {
    const { rows } = await hub.db.query(`SELECT id FROM subjects LIMIT 1`);
    await page.getByRole('link', { name: 'Subject' }).click();
    await page.getByLabel('Subject id').fill(rows[0].id);
    await page.getByRole('button', { name: 'Show history' }).click();
    const timeline = await page.getByRole('table', { name: /Timeline/ }).textContent();
    expect(timeline).toContain('conviction.recorded');
    expect(timeline).toContain('court.leeds-crown');
    await expectLondonTimes(page.getByRole('table', { name: /Timeline/ }));
    // Who was responsible, when: the convicting court's area and where he lives, both current.
    const responsibility = await page.getByRole('table', { name: /^Responsibility/ }).textContent();
    expect(responsibility).toMatch(/CONVICTING_COURT\s*court.leeds-crown\s*WYP/);
    expect(responsibility).toMatch(/RESIDENCE\s*WYP/);
    await shot('subject');
  });

  it('lists open gaps by area and unacknowledged handovers, and counts both per area in MI', async () => {
    const { mappa: _mappa, ...base } = probationExample('mappa-changed');
    const probation = async (eventId: string, eventType: string, body: Record<string, unknown>) =>
      expect(
        (
          await postInbound(hub, 'probation', 'probation.yorkshire', {
            ...base,
            eventId,
            eventType,
            occurredAt: '2026-11-04T09:00:00Z',
            ...body,
          })
        ).status,
      ).toBe(202);
    // Supervision ends with his requirements continuing: the lead passes to West Yorkshire Police.
    await probation('CON-1', 'SUPERVISION_ENDED', {
      supervision: { endedOn: '2026-11-20', reason: 'Licence expired' },
    });
    // Then he moves to Manchester, where no force manages him: a gap there.
    await probation('CON-2', 'ADDRESS_CHANGED', {
      address: { line1: '3 Sample Street', town: 'Manchester', postcode: 'M14 5RT', type: 'HOME', from: '2026-11-21' },
    });
    await page.getByRole('link', { name: 'Responsibility' }).click();
    expect(await page.getByRole('table', { name: 'Open gaps in GMP' }).textContent()).toContain('UNMANAGED_ARRIVAL');
    expect(await page.getByRole('table', { name: 'Unacknowledged handovers' }).textContent()).toMatch(
      /2026-11-20\s*WYP/,
    );
    await shot('responsibility');
    await page.getByLabel('Area (police force code)').fill('WYP');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByText('No open gaps.').count()).toBe(1);
    await page.getByRole('link', { name: 'Management information' }).click();
    expect(await page.getByRole('table', { name: 'Open responsibility gaps by area' }).textContent()).toMatch(
      /GMP\s*1/,
    );
    expect(
      await page.getByRole('table', { name: 'Unacknowledged licence-end handovers by area' }).textContent(),
    ).toMatch(/WYP\s*1/);
  });

  it('queries the audit log and verifies its chains', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByLabel('Action').selectOption('CONSULTATION');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.getByRole('table', { name: /Audit entries/ }).textContent()).toContain(
      'console.quarantine.reveal',
    );
    await page.getByRole('button', { name: 'Verify the hash chains' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/Chains intact: \d+ rows checked/);
    await shot('audit');
  });

  it('can be used from the keyboard: the skip link is first and moves focus to the content', async () => {
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await page.goto(`${hub.url}/console`);
    expect(page.url()).toBe(`${hub.url}/console/sign-in`);
  });
});
