import { IsDefined, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { RecordRiskPlan } from '../../src/canonical/commands';
import { isCivilDate } from '../../src/canonical/civil-date';
import type { FieldError } from '../../src/common/problem';
import { IsCivilDate, IsNotFutureDate } from '../../src/common/validation.decorators';

/**
 * `plan` of RISK_MANAGEMENT_PLAN_RECORDED (mappa.md), the same from probation and from the
 * police (PNC): both adapters read it from here.
 */
export class RiskManagementPlanDto {
  /** A plan cannot have been recorded after today, nor the assessment it names completed. */
  @IsDefined() @IsCivilDate() @IsNotFutureDate() recordedOn: string;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() assessmentCompletedOn: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) meetingId?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) summary: string;
  @IsDefined() @IsCivilDate() reviewOn: string;
}

/** The order of the plan's dates: it follows the assessment it answers, and is reviewed after it is made. */
export function planDateErrors(plan: RiskManagementPlanDto | undefined, at = 'plan'): FieldError[] {
  if (!plan || typeof plan !== 'object') return [];
  const errors: FieldError[] = [];
  const { recordedOn, assessmentCompletedOn, reviewOn } = plan;
  if (isCivilDate(recordedOn) && isCivilDate(assessmentCompletedOn) && recordedOn < assessmentCompletedOn)
    errors.push({ path: `${at}.recordedOn`, message: 'must not be before assessmentCompletedOn' });
  if (isCivilDate(recordedOn) && isCivilDate(reviewOn) && reviewOn <= recordedOn)
    errors.push({ path: `${at}.reviewOn`, message: 'must be after recordedOn' });
  return errors;
}

/** The canonical change; the source message's id is the plan's, so a resend is recorded once. */
export function toRiskPlanChange(plan: RiskManagementPlanDto, sourceMessageId: string): RecordRiskPlan {
  return {
    type: 'RISK_MANAGEMENT_PLAN',
    plan: {
      planId: sourceMessageId,
      recordedOn: plan.recordedOn,
      assessmentCompletedOn: plan.assessmentCompletedOn,
      ...(plan.meetingId !== undefined ? { meetingId: plan.meetingId } : {}),
      summary: plan.summary,
      reviewOn: plan.reviewOn,
    },
  };
}
