import { emptySubjectRecord, type RiskAssessment, type RiskManagementPlan } from '../canonical/subject-record';
import { loadDeadlineRules } from './deadline-rules';
import { deriveDeadlines } from './deadlines';
import { loadWorkingDayCalendar } from './working-days';

const rules = loadDeadlineRules('config/reference');
const calendar = loadWorkingDayCalendar('config/reference');
const probation = {
  kind: 'PROBATION' as const,
  agency: 'probation.x',
  messageId: 'm1',
  receivedAt: '2026-11-03T00:00:00Z',
};
const police = { ...probation, kind: 'PNC' as const, agency: 'police.x', messageId: 'm2' };

const assessment = (completedOn: string): RiskAssessment => ({
  assessmentId: `A-${completedOn}`,
  tool: 'OASYS',
  completedOn,
  roshOverall: 'HIGH',
  rosh: { children: 'HIGH', public: 'LOW', knownAdult: 'LOW', staff: 'LOW', prisoners: 'LOW' },
  assessor: { name: 'A', role: 'PO' },
  nextReviewDue: '2027-02-23',
  provenance: probation,
});

const plan = (assessmentCompletedOn: string, over: Partial<RiskManagementPlan> = {}): RiskManagementPlan => ({
  planId: `P-${assessmentCompletedOn}`,
  recordedOn: '2026-11-06',
  assessmentCompletedOn,
  summary: 'Weekly home visits; no unsupervised contact with children.',
  reviewOn: '2027-02-06',
  provenance: probation,
  ...over,
});

const planClock = (riskAssessments: RiskAssessment[], riskPlans?: RiskManagementPlan[]) =>
  deriveDeadlines({ ...emptySubjectRecord(), riskAssessments, riskPlans }, rules, calendar).find(
    (d) => d.kind === 'RISK_MANAGEMENT_PLAN',
  );

describe('the risk management plan clock (mappa.md)', () => {
  it('is due 5 working days after the current assessment, open while no plan names it', () => {
    // Tuesday 3 November 2026: 4, 5, 6, 9, 10 November.
    expect(planClock([assessment('2026-11-03')])).toMatchObject({
      ref: 'A-2026-11-03',
      dueOn: '2026-11-10',
      met: false,
      provenance: 'PROBATION',
    });
  });

  it('is met by a plan naming the assessment, from probation or from the police', () => {
    expect(planClock([assessment('2026-11-03')], [plan('2026-11-03')])?.met).toBe(true);
    expect(planClock([assessment('2026-11-03')], [plan('2026-11-03', { provenance: police })])?.met).toBe(true);
  });

  it('is met even by a plan recorded after its due date (late, but done)', () => {
    expect(planClock([assessment('2026-11-03')], [plan('2026-11-03', { recordedOn: '2026-11-20' })])?.met).toBe(true);
  });

  it('is not met by a plan naming another assessment, an older one included', () => {
    const older = assessment('2026-06-01');
    const current = assessment('2026-11-03');
    expect(planClock([current, older], [plan('2026-06-01')])).toMatchObject({ ref: 'A-2026-11-03', met: false });
    expect(planClock([current], [plan('2026-11-04')])?.met).toBe(false);
  });
});
