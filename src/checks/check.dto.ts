import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate } from '../common/validation.decorators';
import { PURPOSES } from '../agreements/agreement';
import { IDENTIFIER_SCHEMES } from '../canonical/subject-record';

const NAME_PART = /^[\p{L}\p{M}' .\-’]+$/u;

export class CheckIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_SCHEMES })
  @IsDefined()
  @IsIn(IDENTIFIER_SCHEMES, { message: `must be one of ${IDENTIFIER_SCHEMES.join(', ')}` })
  scheme: string;
  @ApiProperty() @IsDefined() @IsString() @MinLength(1) @MaxLength(40) value: string;
}

export class CheckSubjectDto {
  @ApiProperty()
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  forenames: string;
  @ApiProperty()
  @IsDefined()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' })
  surname: string;
  @ApiProperty({ example: '1986-02-28' }) @IsDefined() @IsCivilDate() dateOfBirth: string;
  @ApiPropertyOptional({ type: [CheckIdentifierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CheckIdentifierDto)
  identifiers?: CheckIdentifierDto[];
}

export class CheckRequestDto {
  @ApiProperty({ type: CheckSubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CheckSubjectDto)
  subject: CheckSubjectDto;
  @ApiProperty({ enum: PURPOSES })
  @IsDefined()
  @IsIn(PURPOSES, { message: `must be one of ${PURPOSES.join(', ')}` })
  purpose: string;
  @ApiProperty({ minLength: 5, maxLength: 500 }) @IsDefined() @IsString() @Length(5, 500) justification: string;
}
