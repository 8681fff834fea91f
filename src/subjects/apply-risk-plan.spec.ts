import { emptySubjectRecord } from '../canonical/subject-record';
import { applyRiskPlan } from './apply-risk-plan';

const provenance = { kind: 'PNC' as const, agency: 'police.x', messageId: 'm1', receivedAt: '2026-11-06T00:00:00Z' };
const change = (planId: string, recordedOn: string) => ({
  type: 'RISK_MANAGEMENT_PLAN' as const,
  plan: { planId, recordedOn, assessmentCompletedOn: '2026-11-03', summary: 'Visits.', reviewOn: '2027-02-06' },
});

describe('applyRiskPlan', () => {
  it('keeps each plan with its provenance, newest first, and raises risk.plan.recorded under risk.plans', () => {
    const record = emptySubjectRecord();
    const first = applyRiskPlan(record, change('P1', '2026-11-05'), provenance);
    applyRiskPlan(record, change('P2', '2026-11-09'), provenance);
    expect(record.riskPlans?.map((p) => [p.planId, p.provenance.kind])).toEqual([
      ['P2', 'PNC'],
      ['P1', 'PNC'],
    ]);
    expect(first.events).toEqual([
      { type: 'risk.plan.recorded', data: { risk: { plans: [{ ...change('P1', '2026-11-05').plan, provenance }] } } },
    ]);
  });

  it('records the same plan sent again once, raising nothing', () => {
    const record = emptySubjectRecord();
    applyRiskPlan(record, change('P1', '2026-11-05'), provenance);
    expect(applyRiskPlan(record, change('P1', '2026-11-05'), provenance).events).toEqual([]);
    expect(record.riskPlans).toHaveLength(1);
  });
});
