import { Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  IsCivilDate,
  IsIdentifier,
  IsNotFutureDate,
  IsPncId,
  IsRfc3339Timestamp,
} from '../../../src/common/validation.decorators';

// Wire format of prison.md. Every string is bounded; unknown properties are refused.

export const PRISON_EVENT_TYPES = ['RECEPTION', 'TRANSFERRED', 'RELEASE_DATE_SET', 'RELEASED'] as const;
export type PrisonEventType = (typeof PRISON_EVENT_TYPES)[number];

/** The body field each event type carries (exactly one, and only that one). */
export const BODY_FIELD: Record<PrisonEventType, 'custody' | 'transfer' | 'release'> = {
  RECEPTION: 'custody',
  TRANSFERRED: 'transfer',
  RELEASE_DATE_SET: 'release',
  RELEASED: 'release',
};

const RECEPTION_REASONS = ['REMAND', 'SENTENCED', 'RECALL'] as const;
const RELEASE_TYPES = ['CONDITIONAL', 'LICENCE', 'END_OF_SENTENCE', 'PAROLE'] as const;
const ADDRESS_TYPES = ['HOME', 'APPROVED_PREMISES', 'TEMPORARY'] as const;
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const NAME_PART = /^[\p{L}\p{M}' .\-’]+$/u;
const FORCE_CODE = /^[A-Z]{2,4}$/;
/** How far ahead of the hub's clock a source timestamp may be (api.md). */
const MAX_AHEAD_MS = 5 * 60 * 1000;

/** A timestamp no more than 5 minutes ahead of the hub's clock: a message dated ahead would make every genuine later one look older. */
const IsNotAheadOfClock = (options?: ValidationOptions) => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'isNotAheadOfClock',
    target: object.constructor,
    propertyName,
    options,
    validator: {
      validate: (v: unknown) =>
        typeof v !== 'string' || Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + MAX_AHEAD_MS,
      defaultMessage: () => "must not be more than 5 minutes ahead of the hub's clock",
    },
  });

export class EstablishmentDto {
  @IsDefined() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'must be 3 capital letters, e.g. LEI' }) code: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsString() @Matches(FORCE_CODE, { message: 'must be a police force code such as WYP' }) area: string;
}

export class PersonNameDto {
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  forenames: string;
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  surname: string;
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
  @IsDefined() @IsIn(RECEPTION_REASONS, oneOf(RECEPTION_REASONS)) reason: (typeof RECEPTION_REASONS)[number];
}

export class TransferDto {
  @IsDefined() @IsCivilDate() transferredOn: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => EstablishmentDto) to: EstablishmentDto;
}

export class ReleaseAddressDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) line1: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) town: string;
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, { message: 'must be a UK postcode' })
  postcode: string;
  @IsDefined() @IsIn(ADDRESS_TYPES, oneOf(ADDRESS_TYPES)) type: (typeof ADDRESS_TYPES)[number];
  @IsDefined() @IsCivilDate() from: string;
}

/** RELEASE_DATE_SET carries `expectedOn`, RELEASED `releasedOn` (the mapper checks which). */
export class ReleaseDto {
  @IsOptional() @IsCivilDate() expectedOn?: string;
  @IsOptional() @IsCivilDate() releasedOn?: string;
  @IsDefined() @IsIn(RELEASE_TYPES, oneOf(RELEASE_TYPES)) type: (typeof RELEASE_TYPES)[number];
  @IsDefined()
  @IsString()
  @Matches(FORCE_CODE, { message: 'must be a police force code such as WYP' })
  releaseArea: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReleaseAddressDto) address?: ReleaseAddressDto;
}

export class PrisonMessageDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) eventId: string;
  @IsDefined() @IsIn(PRISON_EVENT_TYPES, oneOf(PRISON_EVENT_TYPES)) eventType: PrisonEventType;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfClock() occurredAt: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => EstablishmentDto) establishment: EstablishmentDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PrisonPersonDto) person: PrisonPersonDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CustodyDto) custody?: CustodyDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => TransferDto) transfer?: TransferDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReleaseDto) release?: ReleaseDto;
}
