import { Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  IsCivilDate,
  IsIdentifier,
  IsNotFutureDate,
  IsNotAheadOfHubClock,
  IsPncId,
  IsRfc3339Timestamp,
} from '../../../src/common/validation.decorators';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { PersonNameDto, TypedAddressDto } from '../hmpps/hmpps-person.dto';

// Wire format of prison.md. Every string is bounded; unknown properties are refused.

export const PRISON_EVENT_TYPES = ['RECEPTION', 'TRANSFERRED', 'RELEASE_DATE_SET', 'RELEASED'] as const;
export type PrisonEventType = (typeof PRISON_EVENT_TYPES)[number];

/** The body field each event type carries (exactly one, and only that one). */
export const BODY_FIELD = {
  RECEPTION: 'custody',
  TRANSFERRED: 'transfer',
  RELEASE_DATE_SET: 'release',
  RELEASED: 'release',
} as const satisfies Record<PrisonEventType, keyof PrisonMessageDto>;

const RECEPTION_REASONS = ['REMAND', 'SENTENCED', 'RECALL'] as const;
const RELEASE_TYPES = ['CONDITIONAL', 'LICENCE', 'END_OF_SENTENCE', 'PAROLE'] as const;
const FORCE_CODE = /^[A-Z]{2,4}$/;

export class EstablishmentDto {
  @IsDefined() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'must be 3 capital letters, e.g. LEI' }) code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsString() @Matches(FORCE_CODE, { message: 'must be a police force code such as WYP' }) area: string;
}

export class PrisonPersonDto {
  @IsDefined() @IsString() @IsIdentifier('NOMS') nomsNumber: string;
  @IsOptional() @IsString() @MaxLength(20) @IsPncId() pncId?: string;
  @IsOptional() @IsString() @IsIdentifier('CRN') crn?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name: PersonNameDto;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() dateOfBirth: string;
}

export class CustodyDto {
  @IsDefined() @IsCivilDate() receivedOn: string;
  @IsDefined() @IsOneOf(RECEPTION_REASONS) reason: (typeof RECEPTION_REASONS)[number];
}

export class TransferDto {
  @IsDefined() @IsCivilDate() transferredOn: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => EstablishmentDto) to: EstablishmentDto;
}

/** RELEASE_DATE_SET carries `expectedOn`, RELEASED `releasedOn` (the mapper checks which). */
export class ReleaseDto {
  @IsOptional() @IsCivilDate() expectedOn?: string;
  @IsOptional() @IsCivilDate() releasedOn?: string;
  @IsDefined() @IsOneOf(RELEASE_TYPES) type: (typeof RELEASE_TYPES)[number];
  @IsDefined()
  @IsString()
  @Matches(FORCE_CODE, { message: 'must be a police force code such as WYP' })
  releaseArea: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TypedAddressDto) address?: TypedAddressDto;
}

export class PrisonMessageDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) eventId: string;
  @IsDefined() @IsOneOf(PRISON_EVENT_TYPES) eventType: PrisonEventType;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfHubClock() occurredAt: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => EstablishmentDto) establishment: EstablishmentDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PrisonPersonDto) person: PrisonPersonDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CustodyDto) custody?: CustodyDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TransferDto) transfer?: TransferDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReleaseDto) release?: ReleaseDto;
}
