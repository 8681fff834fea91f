import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { FieldError } from '../problem';
import { IsNamePart } from './name-part';
import { IsOneOf } from './one-of';
import { parseWire } from './parse-wire';
import { IsUkPostcode } from './uk-postcode';

const KINDS = ['HOME', 'WORK'] as const;

class PlaceDto {
  @IsDefined() @IsString() @IsUkPostcode() postcode: string;
  @IsOptional() @IsString() note?: string;
}

class PersonDto {
  @IsNamePart() surname: string;
  @IsDefined() @IsOneOf(KINDS) kind: (typeof KINDS)[number];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PlaceDto) place?: PlaceDto;
}

/** A place is needed for HOME; its note must not repeat the postcode. */
const rules = (p: PersonDto): FieldError[] => [
  ...(p.kind === 'HOME' && !p.place ? [{ path: 'place', message: 'is required for HOME' }] : []),
  ...(p.place && p.place.note === p.place.postcode
    ? [{ path: 'place.note', message: 'must not be the postcode' }]
    : []),
];

describe('parseWire', () => {
  it('reads a good body into its DTO', () => {
    const read = parseWire(PersonDto, { surname: "O'Brien", kind: 'HOME', place: { postcode: 'ls1 4ap' } }, rules);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.value).toBeInstanceOf(PersonDto);
      expect(read.value.place).toBeInstanceOf(PlaceDto);
    }
  });

  it.each([[null], [[]], ['text'], [42]])('refuses %j: the body must be an object', (body) => {
    expect(parseWire(PersonDto, body, rules)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'the body must be a JSON object' }],
    });
  });

  it('names each bad field once, with the shared validators’ messages, and refuses unknown properties', () => {
    const read = parseWire(PersonDto, { surname: 'Sm1th', kind: 'AWAY', place: { postcode: 'X' }, extra: 1 });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual(
      expect.arrayContaining([
        { path: 'surname', message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' },
        { path: 'kind', message: 'must be one of HOME, WORK' },
        { path: 'place.postcode', message: 'must be a UK postcode' },
        { path: 'extra', message: 'is not allowed' },
      ]),
    );
    expect(read.errors).toHaveLength(4);
  });

  it('reports the cross-field rules beside the field errors, in one answer', () => {
    const read = parseWire(PersonDto, { surname: '', kind: 'HOME' }, rules);
    expect(read).toEqual({
      ok: false,
      errors: [
        // One entry per message: the field fails two rules.
        { path: 'surname', message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' },
        { path: 'surname', message: 'must be longer than or equal to 1 characters' },
        { path: 'place', message: 'is required for HOME' },
      ],
    });
  });

  it('drops a cross-field error at or under a field already named, keeps one above it', () => {
    const ruleErrors = () => [
      { path: 'place.postcode', message: 'is not in the area' },
      { path: 'place.postcode.outward', message: 'is not in the area' },
      { path: 'place', message: 'is not where the person lives' },
      { path: 'place', message: 'is not where the person lives' },
    ];
    const read = parseWire(PersonDto, { surname: 'Smith', kind: 'WORK', place: { postcode: 'X' } }, ruleErrors);
    expect(read).toEqual({
      ok: false,
      errors: [
        { path: 'place.postcode', message: 'must be a UK postcode' },
        { path: 'place', message: 'is not where the person lives' },
      ],
    });
  });

  it('keeps the field errors when a rule trips over a malformed field, and surfaces a rule that throws on a good body', () => {
    const throwing = () => {
      throw new TypeError('x.filter is not a function');
    };
    const read = parseWire(PersonDto, { surname: 'Smith', kind: 'NONE' }, throwing);
    expect(read).toEqual({ ok: false, errors: [{ path: 'kind', message: 'must be one of HOME, WORK' }] });
    expect(() => parseWire(PersonDto, { surname: 'Smith', kind: 'WORK' }, throwing)).toThrow(TypeError);
  });
});
