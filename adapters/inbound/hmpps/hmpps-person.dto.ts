import { IsDefined, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCivilDate } from '../../../src/common/validation.decorators';
import { IsNamePart } from '../../../src/common/validation/name-part';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { IsUkPostcode } from '../../../src/common/validation/uk-postcode';

// What the probation and prison formats (both HM Prison and Probation Service systems) share:
// the person's name and a dated address of a kind.

export const ADDRESS_TYPES = ['HOME', 'APPROVED_PREMISES', 'TEMPORARY'] as const;

export class PersonNameDto {
  @IsNamePart() forenames: string;
  @IsNamePart() surname: string;
}

export class TypedAddressDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) line1: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) town: string;
  @IsDefined() @IsString() @IsUkPostcode() postcode: string;
  @IsDefined() @IsOneOf(ADDRESS_TYPES) type: (typeof ADDRESS_TYPES)[number];
  @IsDefined() @IsCivilDate() from: string;
}
