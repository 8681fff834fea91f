import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate } from '../../../src/common/validation.decorators';

// passport-watchlist.md's <WatchlistHit>, element names as property names so that error paths
// name elements (api.md: `Applicant.DateOfBirth`). Unknown elements are refused.

const APPLICATION_TYPES = ['FIRST', 'RENEWAL', 'REPLACEMENT'] as const;
const NAME_PART = /^[\p{L}\p{M}' .\-’]+$/u;

export class HitAddressDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) Line1: string;
  @IsOptional() @IsString() @MaxLength(200) Line2?: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) Town: string;
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, { message: 'must be a UK postcode' })
  Postcode: string;
}

export class ApplicationDto {
  @IsDefined()
  @IsIn(APPLICATION_TYPES, { message: `must be one of ${APPLICATION_TYPES.join(', ')}` })
  Type: (typeof APPLICATION_TYPES)[number];
  @IsDefined() @IsCivilDate() ReceivedOn: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) Office: string;
}

export class ApplicantDto {
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  Surname: string;
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  Forenames: string;
  @IsDefined() @IsCivilDate() DateOfBirth: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HitAddressDto) Address?: HitAddressDto;
}

export class WatchlistHitDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) HitId: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) WatchlistRef: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicationDto) Application: ApplicationDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ApplicantDto) Applicant: ApplicantDto;
}
