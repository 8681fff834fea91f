import { Matches, type ValidationOptions } from 'class-validator';

/** A UK postcode, any case, with or without its space (normalised to upper case by the mappers). */
export const UK_POSTCODE = /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/;

export const IsUkPostcode = (options?: ValidationOptions) =>
  Matches(UK_POSTCODE, { message: 'must be a UK postcode', ...options });
