import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** The characters of a person's name as agencies record them: letters (any script), marks, spaces, ' . - ’. */
export const NAME_PART = /^[\p{L}\p{M}' .\-’]+$/u;

/**
 * A required forename(s) or surname: 1-100 characters of NAME_PART. Listed in the order the
 * stacked decorators it replaces were applied (bottom first), so that messages keep their order.
 */
export const IsNamePart = () =>
  applyDecorators(
    Matches(NAME_PART, { message: 'may contain only letters, spaces, apostrophes, hyphens and full stops' }),
    MaxLength(100),
    MinLength(1),
    IsString(),
    IsDefined(),
  );
