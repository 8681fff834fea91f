import { registerDecorator, type ValidationOptions } from 'class-validator';
import { compareCivilDates, isCivilDate, todayInLondon } from '../canonical/civil-date';
import { normaliseCroNumber } from '../canonical/identifiers/cro-number';
import { normaliseIdentifier } from '../canonical/identifiers/identifier';
import { normalisePncId } from '../canonical/identifiers/pnc-id';
import type { IdentifierScheme } from '../canonical/subject-record';

function simple(
  name: string,
  test: (value: unknown) => boolean,
  message: string | ((value: unknown) => string),
  options?: ValidationOptions,
) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: test,
        defaultMessage: (args) => (typeof message === 'string' ? message : message(args?.value)),
      },
    });
}

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsCivilDate = (options?: ValidationOptions) =>
  simple('isCivilDate', (v) => typeof v === 'string' && isCivilDate(v), 'must be a date YYYY-MM-DD', options);

/** A civil date no later than today in England. */
export const IsNotFutureDate = (options?: ValidationOptions) =>
  simple(
    'isNotFutureDate',
    (v) => typeof v !== 'string' || !isCivilDate(v) || compareCivilDates(v, todayInLondon()) <= 0,
    'must not be in the future',
    options,
  );

/** An RFC 3339 timestamp with a time zone. */
export const IsRfc3339Timestamp = (options?: ValidationOptions) =>
  simple(
    'isRfc3339',
    (v) =>
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/.test(v) &&
      isCivilDate(v.slice(0, 10)) &&
      !Number.isNaN(Date.parse(v)),
    'must be an RFC 3339 timestamp such as 2026-10-14T16:32:10Z',
    options,
  );

/** How far ahead of the hub's clock a source may date its message (api.md): clocks drift by seconds, not years. */
export const SOURCE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A source timestamp (`sentAt`, `occurredAt`, `recordedAt`) no more than 5 minutes ahead of the
 * hub's clock. The record keeps the details of the latest-dated message, so one dated years
 * ahead would make every genuine later message look older and freeze the record.
 */
export const IsNotAheadOfHubClock = (options?: ValidationOptions) =>
  simple(
    'isNotAheadOfHubClock',
    (v) => typeof v !== 'string' || Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + SOURCE_CLOCK_SKEW_MS,
    "must not be more than 5 minutes ahead of the hub's clock",
    options,
  );

/** A PNC id with a correct check character (long or short form). */
export const IsPncId = (options?: ValidationOptions) =>
  simple(
    'isPncId',
    (v) => typeof v === 'string' && normalisePncId(v).ok,
    (v) => {
      const result = typeof v === 'string' ? normalisePncId(v) : undefined;
      return result && !result.ok ? `is not a valid PNC id: ${result.reason}` : 'must be a PNC id YYYY/NNNNNNNA';
    },
    options,
  );

/** A CRO number (format only). */
export const IsCroNumber = (options?: ValidationOptions) =>
  simple(
    'isCroNumber',
    (v) => typeof v === 'string' && normaliseCroNumber(v).ok,
    'must be a CRO number such as 123456/04L',
    options,
  );

/** An identifier of the scheme, in any spelling the hub normalises (case, spaces; see canonical/identifiers). */
export const IsIdentifier = (scheme: IdentifierScheme, options?: ValidationOptions) =>
  simple(
    `is${scheme}Identifier`,
    (v) => typeof v === 'string' && v.length <= 40 && normaliseIdentifier(scheme, v).ok,
    (v) => {
      const result = typeof v === 'string' ? normaliseIdentifier(scheme, v) : undefined;
      return result && !result.ok ? `is not valid: ${result.reason}` : `must be a ${scheme} identifier`;
    },
    options,
  );
