import { randomUUID } from 'node:crypto';
import { ClockScheduler } from '../../src/clocks/clock-scheduler';
import { waitForDeliveries } from '../kit/db-wait';
import { courtExample, pncExample, probationExample } from '../kit/examples';
import request from 'supertest';
import { postCourtOutcome, postInbound, readSubject, subscribe } from '../kit/http';
import { waitForStartupClockTicks } from '../kit/queue-wait';
import { DEFAULT_AGREEMENTS, startTestHub, type TestHub } from '../kit/test-hub';
import { WebhookReceiver } from '../kit/webhook-receiver';
import { fieldsNamed } from '../kit/problems';

type Json = Record<string, any>;

const [POLICE, PROBATION] = DEFAULT_AGREEMENTS;
const PLAN_EVENTS = ['risk.plan.recorded', 'deadline.overdue'];
/** West Yorkshire Police hear of plans and overdue clocks, with the subject's names and nothing else. */
const PLANS_TO_POLICE = {
  ...POLICE,
  id: 'DSA-TEST-PLANS',
  eventTypes: PLAN_EVENTS,
  fields: ['subject.names', 'risk.plans', 'deadline'],
};
/** The Met may hear of plans too, but only about people in its own area. */
const PLANS_TO_MET = {
  ...PLANS_TO_POLICE,
  id: 'DSA-TEST-MET-PLANS',
  recipients: ['police.metropolitan'],
  conditions: { areas: ['MPS'] },
};

const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
let serial = 2_000_000 + Math.floor(Math.random() * 7_000_000);
const freshPncId = (year = 2004) =>
  `${year}/${String(++serial).padStart(7, '0')}${PNC_CHECK[((year % 100) * 10_000_000 + serial) % 23]}`;
const freshCrn = () => `Q${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/** Noon in London on a civil date: the clock is driven by the test, never by waiting. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

/**
 * mappa.md "Risk management plans": a plan from probation or the police meets the
 * RISK_MANAGEMENT_PLAN deadline of the assessment it names (5 working days after it), and
 * nothing else does; `risk.plan.recorded` goes where agreements allow `risk.plans`.
 */
describe('risk management plans meet the deadline of the assessment they name', () => {
  let hub: TestHub;
  let clocks: ClockScheduler;
  const police = new WebhookReceiver();
  const met = new WebhookReceiver();
  /** Each person: a registered offender in West Yorkshire (a court SHPO), then assessed on 2026-11-03. */
  const people: Record<
    'probationPlan' | 'pncPlan' | 'otherAssessment' | 'noPlan',
    { subjectId: string; pncId: string; crn: string; name: Json }
  > = {} as never;

  const tick = (date: string) => clocks.tick('deadlines', at(date));
  const planDeadline = async (subjectId: string) =>
    (
      await hub.db.query(
        `SELECT ref, due_on::text AS due_on, status, cancelled_reason FROM deadlines WHERE subject_id = $1 AND kind = 'RISK_MANAGEMENT_PLAN'`,
        [subjectId],
      )
    ).rows;
  const eventIds = async (subjectId: string, type: string) =>
    (await hub.db.query(`SELECT id FROM events WHERE subject_id = $1 AND type = $2`, [subjectId, type])).rows.map(
      (r: { id: string }) => r.id,
    );

  async function registeredAndAssessed(): Promise<{ subjectId: string; pncId: string; crn: string; name: Json }> {
    const pncId = freshPncId();
    const crn = freshCrn();
    const name = {
      forenames: 'Plan',
      surname: `SUBJECT-${randomUUID().slice(0, 8).toUpperCase().replace(/[0-9]/g, 'X')}`,
    };
    const hearing = courtExample('hearing-resulted-shpo');
    hearing.messageId = `RMP-${randomUUID()}`;
    hearing.defendant = { ...hearing.defendant, courtDefendantId: `D-${randomUUID()}`, name, pncId };
    delete hearing.defendant.croNumber;
    delete hearing.defendant.aliases;
    hearing.orders[0].orderRef = `SHPO-${randomUUID()}`;
    const court = await postCourtOutcome(hub, 'court.leeds-crown', hearing);
    expect(court.status).toBe(202);
    const subjectId = court.body.subjectIds[0];
    const assessment = probationExample('risk-assessment-completed');
    assessment.eventId = `ND-${randomUUID()}`;
    assessment.person = {
      crn,
      pncId,
      name: { forenames: name.forenames, surname: name.surname },
      dateOfBirth: hearing.defendant.dateOfBirth,
    };
    const assessed = await postInbound(hub, 'probation', 'probation.yorkshire', assessment);
    expect(assessed.body).toMatchObject({ status: 'accepted', subjectIds: [subjectId] });
    return { subjectId, pncId, crn, name };
  }

  const probationPlan = (person: { pncId: string; crn: string; name: Json }, plan: Json = {}) => {
    const m = probationExample('risk-management-plan-recorded');
    m.eventId = `ND-${randomUUID()}`;
    m.person = { crn: person.crn, pncId: person.pncId, name: person.name, dateOfBirth: '1986-02-28' };
    m.plan = { ...m.plan, ...plan };
    return m;
  };

  beforeAll(async () => {
    hub = await startTestHub({
      agreements: [POLICE, PROBATION, PLANS_TO_POLICE, PLANS_TO_MET],
      env: { HUB_CLOCK_INTERVAL_MS: '3600000' },
    });
    clocks = hub.app.get(ClockScheduler);
    await waitForStartupClockTicks(hub);
    await police.start();
    await met.start();
    expect((await subscribe(hub, 'police.west-yorkshire', police.url, PLAN_EVENTS)).status).toBe(201);
    expect((await subscribe(hub, 'police.metropolitan', met.url, ['risk.plan.recorded'])).status).toBe(201);
    people.probationPlan = await registeredAndAssessed();
    people.pncPlan = await registeredAndAssessed();
    people.otherAssessment = await registeredAndAssessed();
    people.noPlan = await registeredAndAssessed();
  });

  afterAll(async () => {
    await hub?.close();
    await police.close();
    await met.close();
  });

  it('an assessment raises the plan deadline, 5 working days after it', async () => {
    for (const { subjectId } of Object.values(people))
      expect(await planDeadline(subjectId)).toEqual([
        { ref: expect.any(String), due_on: '2026-11-10', status: 'open', cancelled_reason: null },
      ]);
  });

  it('a probation plan naming the assessment meets it', async () => {
    const res = await postInbound(hub, 'probation', 'probation.yorkshire', probationPlan(people.probationPlan));
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([people.probationPlan.subjectId]);
    expect(await planDeadline(people.probationPlan.subjectId)).toEqual([expect.objectContaining({ status: 'met' })]);
  });

  it('a police (PNC) plan naming the assessment meets it', async () => {
    const m = pncExample('risk-management-plan-recorded');
    m.updateId = `PNC-${randomUUID()}`;
    m.nominal = { ...m.nominal, pncId: people.pncPlan.pncId, names: [{ ...people.pncPlan.name, type: 'PRIMARY' }] };
    const res = await postInbound(hub, 'pnc', 'police.west-yorkshire', m);
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([people.pncPlan.subjectId]);
    expect(await planDeadline(people.pncPlan.subjectId)).toEqual([expect.objectContaining({ status: 'met' })]);
  });

  it('a plan naming another assessment leaves it open; so does a plan for someone else', async () => {
    const other = probationPlan(people.otherAssessment, { assessmentCompletedOn: '2026-10-30' });
    expect((await postInbound(hub, 'probation', 'probation.yorkshire', other)).status).toBe(202);
    expect(await planDeadline(people.otherAssessment.subjectId)).toEqual([expect.objectContaining({ status: 'open' })]);
    // Two other people's plans named 2026-11-03; this person has none.
    expect(await planDeadline(people.noPlan.subjectId)).toEqual([expect.objectContaining({ status: 'open' })]);
  });

  it('after the due date only the unmet ones go overdue', async () => {
    // The due day: deadline.due for the two unmet ones only (the met ones are done); then overdue the day after.
    expect(await tick('2026-11-10')).toBe(2);
    expect(await tick('2026-11-11')).toBe(2);
    expect(await tick('2026-11-12')).toBe(0);
    const overdue = async (s: string) => eventIds(s, 'deadline.overdue');
    expect(await overdue(people.probationPlan.subjectId)).toEqual([]);
    expect(await overdue(people.pncPlan.subjectId)).toEqual([]);
    expect(await overdue(people.otherAssessment.subjectId)).toHaveLength(1);
    expect(await overdue(people.noPlan.subjectId)).toHaveLength(1);
    const all = (await Promise.all(Object.values(people).map((p) => overdue(p.subjectId)))).flat();
    await waitForDeliveries(hub.db, all);
    const delivered = police.received.filter((r) => r.event.type === 'deadline.overdue');
    expect(delivered.map((r) => [r.event.subject, r.event.data.deadline.kind]).sort()).toEqual(
      [
        [people.otherAssessment.subjectId, 'RISK_MANAGEMENT_PLAN'],
        [people.noPlan.subjectId, 'RISK_MANAGEMENT_PLAN'],
      ].sort(),
    );
    // Still open (overdue): a plan may still meet it, late.
    expect(await planDeadline(people.noPlan.subjectId)).toEqual([
      expect.objectContaining({ status: 'open', cancelled_reason: null }),
    ]);
  });

  it('risk.plan.recorded reaches only the agency whose agreement allows risk.plans for the subject, with only its fields', async () => {
    const plans = (
      await Promise.all(Object.values(people).map((p) => eventIds(p.subjectId, 'risk.plan.recorded')))
    ).flat();
    expect(plans).toHaveLength(3);
    await waitForDeliveries(hub.db, plans);
    const received = police.received.filter((r) => r.event.type === 'risk.plan.recorded');
    expect(received.map((r) => r.event.subject).sort()).toEqual(
      [people.probationPlan.subjectId, people.pncPlan.subjectId, people.otherAssessment.subjectId].sort(),
    );
    const fromProbation = received.find((r) => r.event.subject === people.probationPlan.subjectId)!.event;
    expect(fromProbation.agreement).toBe('DSA-TEST-PLANS');
    // Only subject.names and risk.plans: no date of birth, identifiers or address, no assessment.
    expect(Object.keys(fromProbation.data).sort()).toEqual(['risk', 'subject']);
    expect(Object.keys(fromProbation.data.subject)).toEqual(['names']);
    expect(Object.keys(fromProbation.data.risk)).toEqual(['plans']);
    expect(fromProbation.data.risk.plans).toEqual([
      expect.objectContaining({
        recordedOn: '2026-11-06',
        assessmentCompletedOn: '2026-11-03',
        meetingId: 'MAPPA-WYP-2026-0412',
        reviewOn: '2027-02-06',
        provenance: expect.objectContaining({ kind: 'PROBATION', agency: 'probation.yorkshire' }),
      }),
    ]);
    const fromPolice = received.find((r) => r.event.subject === people.pncPlan.subjectId)!.event;
    expect(fromPolice.data.risk.plans[0].provenance).toMatchObject({ kind: 'PNC', agency: 'police.west-yorkshire' });
    // The Met's agreement allows risk.plans, but only for people in its area: these are not.
    expect(met.received).toEqual([]);
    // Probation's agreement does not list the event: it cannot even subscribe to it.
    expect((await subscribe(hub, 'probation.yorkshire', police.url, ['risk.plan.recorded'])).status).toBe(403);
  });

  it('the canonical record keeps the plans, with provenance, under risk.plans', async () => {
    const { rows } = await hub.db.query(`SELECT record->'riskPlans' AS plans FROM subjects WHERE id = $1`, [
      people.pncPlan.subjectId,
    ]);
    expect(rows[0].plans).toEqual([
      expect.objectContaining({
        assessmentCompletedOn: '2026-11-03',
        provenance: expect.objectContaining({ kind: 'PNC' }),
      }),
    ]);
  });

  it('a read shows the plans to an agency whose agreement allows risk.plans, and no more of risk', async () => {
    const read = await readSubject(hub, 'police.west-yorkshire', people.probationPlan.subjectId);
    expect(read.status).toBe(200);
    // risk.plans from DSA-TEST-PLANS; neither agreement of the police allows the assessments.
    expect(Object.keys(read.body.risk)).toEqual(['plans']);
    expect(read.body.risk.plans).toEqual([expect.objectContaining({ assessmentCompletedOn: '2026-11-03' })]);
    // Probation's agreement allows no part of risk: the read carries none.
    const probation = await readSubject(hub, 'probation.yorkshire', people.probationPlan.subjectId);
    expect(probation.status).toBe(200);
    expect(probation.body).not.toHaveProperty('risk');
  });

  it('the OpenAPI document describes the plan body of the probation and PNC paths', async () => {
    const openapi = (await request(hub.url).get('/openapi.json')).body;
    for (const source of ['probation', 'pnc'])
      expect(openapi.paths[`/v1/inbound/${source}`].post.description).toMatch(/RISK_MANAGEMENT_PLAN_RECORDED/);
    // The plan's own schema, generated from its DTO, is what both bodies point at.
    const plan = { $ref: '#/components/schemas/RiskManagementPlan' };
    expect(openapi.components.schemas.ProbationMessage.properties.plan).toEqual(plan);
    expect(openapi.components.schemas.PncUpdate.properties.plan).toEqual(plan);
  });

  it('a bad plan is refused naming each bad field, and quarantined', async () => {
    const bad = probationPlan(people.noPlan, {
      recordedOn: '2999-01-01',
      reviewOn: '2026-01-01',
      summary: 'x'.repeat(4001),
      victimName: 'Jane Doe',
    });
    const res = await postInbound(hub, 'probation', 'probation.yorkshire', bad);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsNamed(res.body).sort()).toEqual([
      'plan.recordedOn',
      'plan.reviewOn',
      'plan.summary',
      'plan.victimName',
    ]);
    const { rows } = await hub.db.query(
      `SELECT body, rejection FROM inbound_messages WHERE agency_id = 'probation.yorkshire' AND status = 'rejected'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].body).toBe(JSON.stringify(bad));
    // Kept with its reasons (an unknown property's name is masked there: it may be personal data).
    expect(rows[0].rejection.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'plan.recordedOn',
      'plan.reviewOn',
      'plan.summary',
      'plan.••••••••••',
    ]);
    expect(await planDeadline(people.noPlan.subjectId)).toEqual([expect.objectContaining({ status: 'open' })]);
  });
});
