import request from 'supertest';
import { loadNominals, startPncSimulator, type PncSimulator } from '../../adapters/simulators/pnc/pnc-simulator';
import { courtExample } from '../kit/examples';
import { postCourtOutcome } from '../kit/http';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { fieldsNamed } from '../kit/problems';

const SMITH = { forenames: 'John Michael', surname: 'Smith', dateOfBirth: '1986-02-28' };

/** A conviction at Leeds (West Yorkshire, so police.west-yorkshire may see it) for another defendant. */
function courtConviction(messageId: string, defendant: Record<string, unknown>) {
  const m = courtExample('hearing-resulted-shpo');
  return {
    ...m,
    messageId,
    case: { urn: `URN-${messageId}`, hearingDate: '2026-10-14' },
    defendant: { courtDefendantId: `D-${messageId}`, sex: 'M', ...defendant },
    orders: [],
  };
}

describe('POST /v1/checks: the hub and the PNC-like upstream, merged', () => {
  let pnc: PncSimulator;
  let hub: TestHub;
  let subjectId: string;

  const check = async (agency: string, body: Record<string, unknown>) =>
    request(hub.url)
      .post('/v1/checks')
      .set('authorization', `Bearer ${await hub.token(agency, { scope: 'checks:run' })}`)
      .send(body);
  const valid = (subject: Record<string, unknown>, purpose = 'MAPPA_RISK_MANAGEMENT') => ({
    subject,
    purpose,
    justification: 'Stop check on Leeds ring road',
  });

  beforeAll(async () => {
    pnc = await startPncSimulator(loadNominals());
    const metropolitan = {
      ...DEFAULT_AGREEMENTS[0],
      id: 'DSA-TEST-MET',
      recipients: ['police.metropolitan'],
      conditions: { areas: ['MPS'] },
    };
    hub = await startTestHub({ env: { PNC_URL: pnc.url }, agreements: [...DEFAULT_AGREEMENTS, metropolitan] });
    subjectId = (await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'))).body
      .subjectIds[0];
  });

  afterAll(async () => {
    await hub?.close();
    await pnc?.close();
  });

  it("MATCH by name and date of birth in both sources, projected by the caller's agreement", async () => {
    const res = await check('police.west-yorkshire', valid(SMITH));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'MATCH', sources: ['hub', 'pnc'] });
    expect(res.body.checkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.matches).toEqual([
      expect.objectContaining({
        subjectId,
        pncId: '2004/0123456B',
        sources: ['hub', 'pnc'],
        basis: 'SCORED',
        linkable: true,
      }),
    ]);
    expect(res.body.matches[0].confidence).toBeGreaterThanOrEqual(0.999);
    expect(res.body.matches[0].confidence).toBeLessThan(1); // 1 means an identifier
    expect(res.body.matches[0].summary).toMatchObject({
      subjectId,
      address: expect.objectContaining({ postcode: 'LS6 2AB' }),
    });
  });

  it("projects the summary by the caller's own agreements: probation sees no address", async () => {
    const res = await check('probation.yorkshire', valid(SMITH, 'OFFENDER_SUPERVISION'));
    expect(res.status).toBe(200);
    expect(res.body.matches[0].summary).not.toHaveProperty('address');
    expect(res.body.matches[0].summary).not.toHaveProperty('identifiers');
  });

  it('MATCH on an identifier, normalised (short century, lower case)', async () => {
    const res = await check(
      'police.west-yorkshire',
      valid({ ...SMITH, surname: 'Smithe', identifiers: [{ scheme: 'PNC', value: '04/123456b' }] }),
    );
    expect(res.body.outcome).toBe('MATCH');
    expect(res.body.matches[0]).toMatchObject({ subjectId, confidence: 1 });
  });

  it("finds the hub's subject by score when the name has a typo (the PNC's exact search finds nothing)", async () => {
    const res = await check(
      'police.west-yorkshire',
      valid({ forenames: 'John', surname: 'Smiht', dateOfBirth: '1986-02-28' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.sources).toEqual(['hub', 'pnc']);
    expect(res.body.matches).toEqual([expect.objectContaining({ subjectId, basis: 'SCORED', sources: ['hub'] })]);
    const [match] = res.body.matches;
    expect(match.confidence).toBeGreaterThanOrEqual(0.5);
    expect(match.evidence.map((e: { comparison: string }) => e.comparison)).toEqual(
      expect.arrayContaining(['forename', 'surname', 'dateOfBirth']),
    );
    expect(match.evidence.find((e: { comparison: string }) => e.comparison === 'surname').level).not.toBe('EXACT');
    // The evidence says how well things agreed, never the subject's own values.
    expect(JSON.stringify(match.evidence)).not.toMatch(/SMITH|Smith|1986|LS6/);
  });

  it('finds the subject when one digit of the date of birth is wrong', async () => {
    const res = await check(
      'police.west-yorkshire',
      valid({ forenames: 'John Michael', surname: 'Smith', dateOfBirth: '1986-02-08' }),
    );
    expect(res.body.matches).toEqual([expect.objectContaining({ subjectId, basis: 'SCORED' })]);
    expect(
      res.body.matches[0].evidence.find((e: { comparison: string }) => e.comparison === 'dateOfBirth').level,
    ).not.toBe('EXACT');
  });

  it('POSSIBLE_MATCH, not MATCH, when two hub subjects fit equally: neither is chosen for the caller', async () => {
    const person = { name: { forenames: 'Robert', surname: 'OAKES' }, dateOfBirth: '1979-06-14' };
    const first = await postCourtOutcome(
      hub,
      'court.leeds-crown',
      courtConviction('OAKES-1', {
        ...person,
        pncId: '2010/1111111F',
        address: { line1: '1 A Street', town: 'Leeds', postcode: 'LS1 1AA' },
      }),
    );
    const second = await postCourtOutcome(
      hub,
      'court.leeds-crown',
      courtConviction('OAKES-2', {
        ...person,
        pncId: '2011/2222222A',
        address: { line1: '2 B Street', town: 'Leeds', postcode: 'LS2 2BB' },
      }),
    );
    expect([first.status, second.status]).toEqual([202, 202]);
    const both = [first.body.subjectIds[0], second.body.subjectIds[0]];
    expect(new Set(both).size).toBe(2); // different PNC ids: two people
    const res = await check(
      'police.west-yorkshire',
      valid({ forenames: 'Robert', surname: 'Oakes', dateOfBirth: '1979-06-14' }),
    );
    expect(res.body.outcome).toBe('POSSIBLE_MATCH');
    expect(res.body.matches.map((m: { subjectId: string }) => m.subjectId).sort()).toEqual([...both].sort());
    // Given one of their PNC ids, the check knows which.
    const byId = await check(
      'police.west-yorkshire',
      valid({
        forenames: 'Robert',
        surname: 'Oakes',
        dateOfBirth: '1979-06-14',
        identifiers: [{ scheme: 'PNC', value: '2011/2222222A' }],
      }),
    );
    expect(byId.body.outcome).toBe('MATCH');
    expect(byId.body.matches.filter((m: { subjectId: string | null }) => m.subjectId)).toEqual([
      expect.objectContaining({ subjectId: both[1], basis: 'IDENTIFIER', confidence: 1 }),
    ]);
  });

  it("a nominal only the PNC holds comes back without a subject id, projected by the caller's agreements like any record", async () => {
    const res = await check(
      'police.west-yorkshire',
      valid({ forenames: 'Alan', surname: 'HOLT', dateOfBirth: '1969-11-30' }),
    );
    expect(res.body).toMatchObject({ outcome: 'MATCH', sources: ['hub', 'pnc'] });
    expect(res.body.matches).toEqual([
      expect.objectContaining({
        subjectId: null,
        pncId: '2011/0098765V',
        summary: expect.objectContaining({ pncId: '2011/0098765V', dateOfBirth: '1969-11-30' }),
      }),
    ]);
    // Warning signals are risk information: the police agreement here allows no `risk`, so none are shown.
    expect(res.body.matches[0].summary).not.toHaveProperty('warningSignals');
  });

  it('NO_TRACE when neither source knows the person', async () => {
    const res = await check(
      'police.west-yorkshire',
      valid({ forenames: 'Nobody', surname: 'KNOWN', dateOfBirth: '2000-01-01' }),
    );
    expect(res.body).toMatchObject({ outcome: 'NO_TRACE', matches: [] });
  });

  it("a hub subject outside the caller's agreements is never revealed (only the PNC's own answer comes back)", async () => {
    const res = await check('police.metropolitan', valid(SMITH));
    expect(res.status).toBe(200);
    expect(res.body.matches).toEqual([
      expect.objectContaining({ subjectId: null, pncId: '2004/0123456B', sources: ['pnc'] }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(subjectId);
    expect(JSON.stringify(res.body)).not.toContain('LS6 2AB');
  });

  it('refuses a purpose no agreement in force gives the caller', async () => {
    const res = await check('police.west-yorkshire', valid(SMITH, 'PASSPORT_CONTROL'));
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([{ path: 'purpose', message: expect.any(String) }]);
  });

  it('degrades, not fails, when the PNC is slower than 2 seconds', async () => {
    pnc.delayMs = 2500;
    try {
      const started = Date.now();
      const res = await check('police.west-yorkshire', valid(SMITH));
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2400);
      expect(res.body).toMatchObject({ outcome: 'MATCH', sources: ['hub'], degraded: ['pnc'] });
    } finally {
      pnc.delayMs = 0;
    }
  });

  it('/health and /metrics show how often the PNC did not answer, without failing the hub', async () => {
    const health = await request(hub.url)
      .get('/health')
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
    expect(health.status).toBe(200);
    const { pnc } = health.body.info.upstreams;
    expect(pnc).toMatchObject({
      configured: true,
      degradedLastHour: 1,
      lastDegradedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(pnc.checksLastHour).toBeGreaterThan(pnc.degradedLastHour);
    const metrics = (await request(hub.url).get('/metrics')).text;
    expect(metrics).toMatch(/^hub_pnc_checks_last_hour\{pnc="degraded"\} 1$/m);
    expect(metrics).toMatch(
      new RegExp(`^hub_pnc_checks_last_hour\\{pnc="answered"\\} ${pnc.checksLastHour - 1}$`, 'm'),
    );
  });

  it('records every check with its purpose and justification, and audits it against the subject', async () => {
    const { rows } = await hub.db.query(
      `SELECT purpose, justification, outcome FROM checks WHERE agency_id = 'police.west-yorkshire' ORDER BY created_at`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows[0]).toEqual({
      purpose: 'MAPPA_RISK_MANAGEMENT',
      justification: 'Stop check on Leeds ring road',
      outcome: 'MATCH',
    });
    const audit = await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'check.run' AND subject_id = $1`,
      [subjectId],
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(3);
  });

  it('names every bad field', async () => {
    const res = await check('police.west-yorkshire', {
      subject: { forenames: '', surname: 'X', dateOfBirth: '1986-02-30', identifiers: [{ scheme: 'SSN', value: '1' }] },
      purpose: 'CURIOSITY',
      justification: 'no',
    });
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body).sort()).toEqual([
      'justification',
      'purpose',
      'subject.dateOfBirth',
      'subject.forenames',
      'subject.identifiers[0].scheme',
    ]);
  });

  it('needs checks:run', async () => {
    const res = await request(hub.url)
      .post('/v1/checks')
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .send(valid(SMITH));
    expect(res.status).toBe(403);
  });
});

describe('POST /v1/checks without PNC_URL', () => {
  it('answers from the hub alone and says the PNC was not asked', async () => {
    const hub = await startTestHub();
    try {
      const res = await request(hub.url)
        .post('/v1/checks')
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire', { scope: 'checks:run' })}`)
        .send({ subject: SMITH, purpose: 'MAPPA_RISK_MANAGEMENT', justification: 'Stop check on Leeds ring road' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'NO_TRACE', sources: ['hub'], degraded: ['pnc'] });
    } finally {
      await hub.close();
    }
  });
});
