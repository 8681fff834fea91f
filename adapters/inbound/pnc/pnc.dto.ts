import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NOTIFICATION_KINDS } from '../../../src/canonical/subject-record';
import {
  IsCivilDate,
  IsCroNumber,
  IsIdentifier,
  IsNotFutureDate,
  IsPncId,
  IsNotAheadOfHubClock,
  IsRfc3339Timestamp,
} from '../../../src/common/validation.decorators';
import { IsNamePart } from '../../../src/common/validation/name-part';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { IsUkPostcode } from '../../../src/common/validation/uk-postcode';
import { RiskManagementPlanDto } from '../../common/risk-management-plan.dto';

// Wire format of pnc.md. Every string is bounded; unknown properties are refused.

export const PNC_UPDATE_TYPES = [
  'NOMINAL_UPDATED',
  'CAUTION_RECORDED',
  'WARNING_SIGNAL_ADDED',
  'WARNING_SIGNAL_REMOVED',
  'NOTIFICATION_RECEIVED',
  'RISK_MANAGEMENT_PLAN_RECORDED',
] as const;
export type PncUpdateType = (typeof PNC_UPDATE_TYPES)[number];
const SEXES = ['M', 'F', 'X', 'U'] as const;
const NAME_TYPES = ['PRIMARY', 'ALIAS'] as const;

export class NominalNameDto {
  @IsNamePart() forenames: string;
  @IsNamePart() surname: string;
  @IsDefined() @IsOneOf(NAME_TYPES) type: (typeof NAME_TYPES)[number];
}

export class NominalDto {
  @IsDefined() @IsString() @MaxLength(20) @IsPncId() pncId: string;
  @IsOptional() @IsString() @MaxLength(20) @IsCroNumber() croNumber?: string;
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NominalNameDto)
  names: NominalNameDto[];
  @IsDefined() @IsCivilDate() @IsNotFutureDate() dateOfBirth: string;
  @IsDefined() @IsOneOf(SEXES) sex: (typeof SEXES)[number];
}

export class CautionDto {
  @IsDefined() @IsCivilDate() cautionedOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(20) offenceCode: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) wording: string;
  @IsDefined() @IsBoolean() notifiable: boolean;
  @IsDefined() @IsBoolean() youth: boolean;
}

export class WarningSignalDto {
  @IsDefined()
  @IsString()
  @Matches(/^[A-Z]{1,4}$/, { message: 'must be a warning signal code such as VI, WE or SX' })
  code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(500) description: string;
}

export class NotifiedAddressDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) line1: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) town: string;
  @IsDefined() @IsString() @IsUkPostcode() postcode: string;
}

export class NotifiedNameDto {
  @IsNamePart() forenames: string;
  @IsNamePart() surname: string;
}

export class PassportDto {
  @IsDefined() @IsString() @IsIdentifier('PASSPORT') number: string;
  @IsDefined()
  @IsString()
  @Matches(/^[A-Z]{2,3}$/, { message: 'must be an ISO 3166 country code' })
  issuingCountry: string;
  @IsOptional() @IsCivilDate() expiresOn?: string;
}

export class BankAccountDto {
  @IsDefined() @IsString() @Matches(/^\d{2}-?\d{2}-?\d{2}$/, { message: 'must be a sort code' }) sortCode: string;
  @IsDefined() @IsString() @Matches(/^\d{6,10}$/, { message: 'must be 6-10 digits' }) accountNumber: string;
}

export class CardDto {
  @IsDefined() @IsString() @Matches(/^\d{4}$/, { message: 'must be the last 4 digits only' }) last4: string;
  @IsOptional() @IsString() @Matches(/^\d{2}\/\d{2}$/, { message: 'must be MM/YY' }) expiresOn?: string;
}

/** The notified items (pnc.md): each optional, each bounded; unknown items are refused. */
export class NotificationDetailsDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NotifiedNameDto)
  names?: NotifiedNameDto[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => NotifiedAddressDto) address?: NotifiedAddressDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PassportDto)
  passports?: PassportDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BankAccountDto)
  bankAccounts?: BankAccountDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CardDto) cards?: CardDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each must be an email address' })
  emails?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { each: true, message: 'each must be a telephone number' })
  phones?: string[];
  @IsOptional() @IsString() @IsIdentifier('NINO') nino?: string;
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 alpha-2 country code' })
  destination?: string;
  @IsOptional() @IsCivilDate() departOn?: string;
  @IsOptional() @IsCivilDate() returnOn?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => NotifiedAddressDto) childAddress?: NotifiedAddressDto;
}

export class NotificationDto {
  @IsDefined() @IsOneOf(NOTIFICATION_KINDS) kind: (typeof NOTIFICATION_KINDS)[number];
  @IsDefined() @IsCivilDate() receivedOn: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => NotificationDetailsDto) details: NotificationDetailsDto;
}

export class PncUpdateDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) updateId: string;
  @IsDefined() @IsOneOf(PNC_UPDATE_TYPES) updateType: PncUpdateType;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfHubClock() recordedAt: string;
  @IsDefined()
  @IsString()
  @Matches(/^[A-Z]{2,4}$/, { message: 'must be a police force code such as WYP' })
  force: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => NominalDto) nominal: NominalDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CautionDto) caution?: CautionDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => WarningSignalDto) warningSignal?: WarningSignalDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => NotificationDto) notification?: NotificationDto;
  /** RISK_MANAGEMENT_PLAN_RECORDED: the same plan as probation's (mappa.md). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RiskManagementPlanDto) plan?: RiskManagementPlanDto;
}
