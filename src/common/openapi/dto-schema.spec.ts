import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { IsCivilDate, IsPncId } from '../validation.decorators';
import { IsOneOf } from '../validation/one-of';
import { DtoSchemas } from './dto-schema';

class OffenceDto {
  @IsDefined() @IsString() @Matches(/^[A-Z]{2}\d{5}$/) code: string;
  @IsOptional() @IsInt() @Max(99) count?: number;
}

class CaseDto {
  @IsDefined() @IsOneOf(['CROWN', 'YOUTH']) level: 'CROWN' | 'YOUTH';
  @IsDefined() @IsCivilDate() heardOn: string;
  @IsOptional() @IsString() @IsPncId() pncId?: string;
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => OffenceDto)
  offences: OffenceDto[];
  @IsOptional() @IsArray() @IsString({ each: true }) notes?: string[];
}

describe('DtoSchemas: JSON Schema from the validators themselves', () => {
  it('reads types, enums, patterns, formats, nesting and what is required; unknown properties refused', () => {
    const schemas = new DtoSchemas();
    expect(schemas.refTo(CaseDto)).toEqual({ $ref: '#/components/schemas/Case' });
    expect(schemas.schemas.Case).toEqual({
      type: 'object',
      properties: {
        level: { type: 'string', enum: ['CROWN', 'YOUTH'] },
        heardOn: { type: 'string', format: 'date' },
        pncId: { type: 'string', description: 'a PNC id YYYY/NNNNNNNA with a correct check character' },
        offences: { type: 'array', maxItems: 3, items: { $ref: '#/components/schemas/Offence' } },
        notes: { type: 'array', items: { type: 'string' } },
      },
      required: ['level', 'heardOn', 'offences'],
      additionalProperties: false,
    });
    expect(schemas.schemas.Offence).toEqual({
      type: 'object',
      properties: { code: { type: 'string', pattern: '^[A-Z]{2}\\d{5}$' }, count: { type: 'integer', maximum: 99 } },
      required: ['code'],
      additionalProperties: false,
    });
  });

  it('names a second class of the same name with the prefix, and does not take a name already in the document', () => {
    const taken = { Offence: { type: 'object' as const } };
    const schemas = new DtoSchemas(taken);
    expect(schemas.refTo(OffenceDto, 'Court')).toEqual({ $ref: '#/components/schemas/CourtOffence' });
    expect(schemas.refTo(OffenceDto, 'Other')).toEqual({ $ref: '#/components/schemas/CourtOffence' });
  });

  it('refuses a validator it cannot describe, rather than documenting less than is checked', () => {
    class OddDto {
      @IsDefined() odd: string;
    }
    registerDecorator({
      name: 'isOdd',
      target: OddDto,
      propertyName: 'odd',
      validator: { validate: () => true },
    });
    expect(() => new DtoSchemas().refTo(OddDto)).toThrow(/no schema for validator isOdd/);
  });
});
