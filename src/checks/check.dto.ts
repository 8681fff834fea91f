import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate } from '../common/validation.decorators';
import { IsNamePart } from '../common/validation/name-part';
import { IsOneOf } from '../common/validation/one-of';
import { PURPOSES } from '../agreements/agreement';
import { IDENTIFIER_SCHEMES } from '../canonical/subject-record';

export class CheckIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_SCHEMES })
  @IsDefined()
  @IsOneOf(IDENTIFIER_SCHEMES)
  scheme: string;
  @ApiProperty() @IsDefined() @IsString() @MinLength(1) @MaxLength(40) value: string;
}

export class CheckSubjectDto {
  @ApiProperty()
  @IsNamePart()
  forenames: string;
  @ApiProperty()
  @IsNamePart()
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
  @IsOneOf(PURPOSES)
  purpose: string;
  @ApiProperty({ minLength: 5, maxLength: 500 }) @IsDefined() @IsString() @Length(5, 500) justification: string;
}
