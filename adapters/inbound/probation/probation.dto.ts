import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsDefined,
  IsEmail,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  IsCivilDate,
  IsIdentifier,
  IsNotFutureDate,
  IsPncId,
  IsNotAheadOfHubClock,
  IsRfc3339Timestamp,
} from '../../../src/common/validation.decorators';
import { LEAD_AGENCIES } from '../../../src/canonical/lead-agencies';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { PROHIBITION_CODES } from '../court-outcomes/court-outcome.dto';
import { RiskManagementPlanDto } from '../../common/risk-management-plan.dto';
import { PersonNameDto, TypedAddressDto } from '../hmpps/hmpps-person.dto';

// Wire format of probation.md. Every string is bounded; unknown properties are refused.

export const PROBATION_EVENT_TYPES = [
  'RISK_ASSESSMENT_COMPLETED',
  'MAPPA_CHANGED',
  'LICENCE_CONDITIONS_SET',
  'OFFENDER_MANAGER_ALLOCATED',
  'ADDRESS_CHANGED',
  'RELEASED',
  'RECALLED',
  'SUPERVISION_ENDED',
  'TRANSFER_REQUESTED',
  'TRANSFER_ACCEPTED',
  'RISK_MANAGEMENT_PLAN_RECORDED',
] as const;
export type ProbationEventType = (typeof PROBATION_EVENT_TYPES)[number];

/** The body field each event type carries (exactly one, and only that one). */
export const BODY_FIELD = {
  RISK_ASSESSMENT_COMPLETED: 'riskAssessment',
  MAPPA_CHANGED: 'mappa',
  LICENCE_CONDITIONS_SET: 'licence',
  OFFENDER_MANAGER_ALLOCATED: 'offenderManager',
  ADDRESS_CHANGED: 'address',
  RELEASED: 'release',
  RECALLED: 'recall',
  SUPERVISION_ENDED: 'supervision',
  TRANSFER_REQUESTED: 'transfer',
  TRANSFER_ACCEPTED: 'transfer',
  RISK_MANAGEMENT_PLAN_RECORDED: 'plan',
} as const satisfies Record<ProbationEventType, keyof ProbationMessageDto>;

const LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
const TOOLS = ['OASYS', 'ARMS', 'RM2000'] as const;
const LICENCE_CODES = [...PROHIBITION_CODES, 'CURFEW', 'REPORTING', 'NO_CONTACT_VICTIM'] as const;
const level = () => IsOneOf(LEVELS);
type Level = (typeof LEVELS)[number];

export class ProviderDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(20) code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
}

export class PersonDto {
  @IsDefined() @IsString() @IsIdentifier('CRN') crn: string;
  @IsOptional() @IsString() @IsIdentifier('NOMS') nomsNumber?: string;
  @IsOptional() @IsString() @MaxLength(20) @IsPncId() pncId?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name: PersonNameDto;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() dateOfBirth: string;
}

export class RoshDto {
  @IsDefined() @level() children: Level;
  @IsDefined() @level() public: Level;
  @IsDefined() @level() knownAdult: Level;
  @IsDefined() @level() staff: Level;
  @IsDefined() @level() prisoners: Level;
}

export class OspDto {
  @IsDefined() @level() directContact: Level;
  @IsDefined() @level() indecentImages: Level;
}

export class Rm2000Dto {
  @IsDefined() @level() sexual: Level;
  @IsDefined() @level() violent: Level;
  @IsDefined() @level() combined: Level;
}

export class StaffDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) role: string;
}

export class RiskAssessmentDto {
  @IsDefined() @IsOneOf(TOOLS) tool: (typeof TOOLS)[number];
  @IsDefined() @IsCivilDate() completedOn: string;
  @IsDefined() @level() roshOverall: Level;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => RoshDto) rosh: RoshDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OspDto) osp?: OspDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => Rm2000Dto) rm2000?: Rm2000Dto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => StaffDto) assessor: StaffDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => StaffDto) countersignedBy?: StaffDto;
  @IsDefined() @IsCivilDate() nextReviewDue: string;
}

export class MappaDto {
  @IsDefined() @IsInt() @Min(1) @Max(4) category: 1 | 2 | 3 | 4;
  @IsDefined() @IsInt() @Min(1) @Max(3) level: 1 | 2 | 3;
  @IsDefined() @IsCivilDate() startDate: string;
  @IsOptional() @IsCivilDate() reviewDate?: string;
  @IsDefined() @IsOneOf(LEAD_AGENCIES) leadAgency: (typeof LEAD_AGENCIES)[number];
}

export class LicenceConditionDto {
  @IsDefined() @IsOneOf(LICENCE_CODES) code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) text: string;
}

export class LicenceDto {
  @IsDefined() @IsCivilDate() startDate: string;
  @IsDefined() @IsCivilDate() expiryDate: string;
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LicenceConditionDto)
  conditions: LicenceConditionDto[];
}

export class OffenderManagerDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) team: string;
  @IsDefined() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email: string;
  @IsDefined() @IsString() @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a telephone number' }) phone: string;
}

export class ReleaseDto {
  @IsDefined() @IsCivilDate() releasedOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) establishment: string;
  @IsOptional() @IsCivilDate() licenceExpiry?: string;
}

export class RecallDto {
  @IsDefined() @IsCivilDate() recalledOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

export class SupervisionDto {
  @IsDefined() @IsCivilDate() endedOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

/** TRANSFER_REQUESTED carries `requestedOn` and `reason`, TRANSFER_ACCEPTED `acceptedOn` (the mapper checks which). */
export class TransferDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ProviderDto) toProvider: ProviderDto;
  @IsOptional() @IsCivilDate() requestedOn?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) reason?: string;
  @IsOptional() @IsCivilDate() acceptedOn?: string;
}

export class ProbationMessageDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) eventId: string;
  @IsDefined() @IsOneOf(PROBATION_EVENT_TYPES) eventType: ProbationEventType;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfHubClock() occurredAt: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ProviderDto) provider: ProviderDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PersonDto) person: PersonDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RiskAssessmentDto) riskAssessment?: RiskAssessmentDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MappaDto) mappa?: MappaDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LicenceDto) licence?: LicenceDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OffenderManagerDto) offenderManager?: OffenderManagerDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TypedAddressDto) address?: TypedAddressDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReleaseDto) release?: ReleaseDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RecallDto) recall?: RecallDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SupervisionDto) supervision?: SupervisionDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TransferDto) transfer?: TransferDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RiskManagementPlanDto) plan?: RiskManagementPlanDto;
}
