import type { RecordRiskPlan } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { SubjectRecord } from '../canonical/subject-record';

/**
 * Records a risk management plan from probation or the police (mappa.md) and raises
 * `risk.plan.recorded`. The plan's effect on the clocks is src/rules/deadlines.ts': it meets
 * the RISK_MANAGEMENT_PLAN deadline of the assessment it names. The same plan sent again
 * (same source message id) raises nothing.
 */
export function applyRiskPlan(
  record: SubjectRecord,
  change: RecordRiskPlan,
  provenance: Provenance,
): { events: DomainEvent[]; detailsChanged: boolean } {
  const plans = (record.riskPlans ??= []);
  if (plans.some((p) => p.planId === change.plan.planId)) return { events: [], detailsChanged: false };
  const plan = { ...change.plan, provenance };
  plans.push(plan);
  plans.sort((a, b) => b.recordedOn.localeCompare(a.recordedOn));
  // Under `risk.plans`, the field path agreements allow it by; a list of the one plan recorded.
  return { events: [{ type: 'risk.plan.recorded', data: { risk: { plans: [plan] } } }], detailsChanged: false };
}
