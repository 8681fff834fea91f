import { IsInt, IsString, Length, Matches, Max, ValidateNested, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { flattenValidationErrors } from './validation-errors';

class Offence {
  @IsString()
  @Length(2, 4)
  @Matches(/^[A-Z]+$/)
  code!: string;
}

class Message {
  @IsInt()
  @Max(10)
  count!: number;

  @ValidateNested({ each: true })
  @Type(() => Offence)
  offences!: Offence[];
}

describe('flattenValidationErrors', () => {
  it('gives one { path, message } per failed rule, never messages joined, with [i] paths', () => {
    const message = Object.assign(new Message(), {
      count: 11.5,
      offences: [Object.assign(new Offence(), { code: 'x' })],
    });
    const errors = flattenValidationErrors(validateSync(message));
    expect(errors.filter((e) => e.path === 'count')).toHaveLength(2);
    expect(errors.filter((e) => e.path === 'offences[0].code')).toHaveLength(2);
    for (const e of errors) expect(e.message).not.toContain(';');
    expect(errors.find((e) => e.path === 'count' && /integer/.test(e.message))).toBeDefined();
    expect(errors.find((e) => e.path === 'count' && /10/.test(e.message))).toBeDefined();
  });
});
