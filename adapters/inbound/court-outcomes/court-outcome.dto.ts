import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Equals,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  IsCivilDate,
  IsCroNumber,
  IsNotFutureDate,
  IsPncId,
  IsNotAheadOfHubClock,
  IsRfc3339Timestamp,
} from '../../../src/common/validation.decorators';

import { MESSAGE_TYPES } from './court-message-types';
import { COURT_DISPOSALS } from '../../../src/canonical/disposals';
import { COURT_FINDINGS } from '../../../src/canonical/findings';
import { IsNamePart } from '../../../src/common/validation/name-part';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { IsUkPostcode } from '../../../src/common/validation/uk-postcode';

// Wire format of court-outcomes.md. Every string is bounded; unknown properties are refused.

export { MESSAGE_TYPES };
export const COURT_LEVELS = ['CROWN', 'MAGISTRATES', 'YOUTH'] as const;
export const SEXES = ['M', 'F', 'X', 'U'] as const;
export const PLEAS = ['GUILTY', 'NOT_GUILTY', 'NONE'] as const;
export const ORDER_TYPES = ['SHPO', 'SRO', 'NOTIFICATION_ORDER', 'RESTRAINING_ORDER', 'SOPO'] as const;
export const PROHIBITION_CODES = [
  'NO_UNSUPERVISED_CONTACT_CHILDREN',
  'NO_CONTACT_NAMED_PERSON',
  'FOREIGN_TRAVEL_PROHIBITED',
  'INTERNET_DEVICE_RESTRICTION',
  'EXCLUSION_ZONE',
  'RESIDENCE_APPROVAL',
  'OTHER',
] as const;

export class CourtDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(20) code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsOneOf(COURT_LEVELS) level: (typeof COURT_LEVELS)[number];
}

export class CaseDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(40) urn: string;
  @IsDefined() @IsCivilDate() hearingDate: string;
}

export class NameDto {
  @IsNamePart() forenames: string;
  @IsNamePart() surname: string;
}

export class AddressDto {
  @IsOptional() @IsString() @MaxLength(200) line1?: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsOptional() @IsString() @MaxLength(100) town?: string;
  @IsOptional()
  @IsString()
  @IsUkPostcode()
  postcode?: string;
}

export class DefendantDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(64) courtDefendantId: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => NameDto) name: NameDto;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => NameDto) aliases?: NameDto[];
  @IsDefined() @IsCivilDate() @IsNotFutureDate() dateOfBirth: string;
  @IsOptional() @IsOneOf(SEXES) sex?: (typeof SEXES)[number];
  @IsOptional() @IsString() @MaxLength(20) @IsPncId() pncId?: string;
  @IsOptional() @IsString() @MaxLength(20) @IsCroNumber() croNumber?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 alpha-2 country code' })
  nationality?: string;
}

export class OffenceDto {
  @IsDefined() @IsInt() @Min(1) @Max(999) sequence: number;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(20) offenceCode: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) wording: string;
  @IsOptional() @IsString() @MaxLength(500) legislation?: string;
  @IsOptional() @IsCivilDate() @IsNotFutureDate() offenceDate?: string;
  @IsDefined() @IsOneOf(PLEAS) plea: (typeof PLEAS)[number];
  @IsDefined() @IsOneOf(COURT_FINDINGS) finding: (typeof COURT_FINDINGS)[number];
  @IsOptional() @IsCivilDate() @IsNotFutureDate() convictionDate?: string;
  @IsOptional() @IsBoolean() notificationCertificate?: boolean;
}

export class SentenceDto {
  @IsDefined() @IsCivilDate() sentenceDate: string;
  @IsDefined() @IsOneOf(COURT_DISPOSALS) disposal: (typeof COURT_DISPOSALS)[number];
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.03) @Max(1200) custodialTermMonths?: number;
  @IsOptional() @IsBoolean() life?: boolean;
  @IsOptional() @IsBoolean() restrictionOrder?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(36) dischargeMonths?: number;
}

export class DurationDto {
  @IsOptional() @IsInt() @Min(1) @Max(99) years?: number;
  @IsOptional() @IsCivilDate() until?: string;
  @IsOptional() @Equals(true, { message: 'must be true when present' }) indefinite?: boolean;
}

export class ProhibitionDto {
  @IsDefined() @IsOneOf(PROHIBITION_CODES) code: (typeof PROHIBITION_CODES)[number];
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) text: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(/^([A-Z]{2}|\*)$/, { each: true, message: 'each must be an ISO 3166 alpha-2 code or *' })
  countries?: string[];
  @IsOptional() @IsCivilDate() until?: string;
}

export class OrderDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(64) orderRef: string;
  @IsDefined() @IsOneOf(ORDER_TYPES) orderType: (typeof ORDER_TYPES)[number];
  @IsDefined() @IsCivilDate() madeOn: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DurationDto) duration: DurationDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ProhibitionDto)
  prohibitions?: ProhibitionDto[];
  @IsOptional() @IsBoolean() passportSurrender?: boolean;
  @IsOptional() @IsCivilDate() variedOn?: string;
  @IsOptional() @IsCivilDate() dischargedOn?: string;
}

export class CourtOutcomeDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsOneOf(MESSAGE_TYPES) messageType: (typeof MESSAGE_TYPES)[number];
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) messageId: string;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfHubClock() sentAt: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CourtDto) court: CourtDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CaseDto) case: CaseDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DefendantDto) defendant: DefendantDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OffenceDto)
  offences?: OffenceDto[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SentenceDto) sentence?: SentenceDto;
  @IsOptional() @IsBoolean() sentencingAdjourned?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => OrderDto) orders?: OrderDto[];
}
