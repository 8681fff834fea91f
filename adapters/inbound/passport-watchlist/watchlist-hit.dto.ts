import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsCivilDate } from '../../../src/common/validation.decorators';
import { IsNamePart } from '../../../src/common/validation/name-part';
import { IsOneOf } from '../../../src/common/validation/one-of';
import { IsUkPostcode } from '../../../src/common/validation/uk-postcode';

// passport-watchlist.md's <WatchlistHit>, element names as property names so that error paths
// name elements (api.md: `Applicant.DateOfBirth`). Unknown elements are refused.

const APPLICATION_TYPES = ['FIRST', 'RENEWAL', 'REPLACEMENT'] as const;

export class HitAddressDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) Line1: string;
  @IsOptional() @IsString() @MaxLength(200) Line2?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) Town: string;
  @IsDefined()
  @IsString()
  @IsUkPostcode()
  Postcode: string;
}

export class ApplicationDto {
  @IsDefined()
  @IsOneOf(APPLICATION_TYPES)
  Type: (typeof APPLICATION_TYPES)[number];
  @IsDefined() @IsCivilDate() ReceivedOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) Office: string;
}

export class ApplicantDto {
  @IsNamePart() Surname: string;
  @IsNamePart() Forenames: string;
  @IsDefined() @IsCivilDate() DateOfBirth: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HitAddressDto) Address?: HitAddressDto;
}

export class WatchlistHitDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) HitId: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) WatchlistRef: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicationDto) Application: ApplicationDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicantDto) Applicant: ApplicantDto;
}
