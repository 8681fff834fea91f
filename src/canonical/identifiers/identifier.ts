import type { IdentifierScheme } from '../subject-record';
import { normaliseCrn } from './crn';
import { normaliseCroNumber } from './cro-number';
import { normaliseNino } from './nino';
import { normaliseNomsNumber } from './noms-number';
import { normalisePassportNumber } from './passport-number';
import { normalisePncId } from './pnc-id';

export type IdentifierResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * One identifier value in the form the hub stores and matches it in, whichever source sent it:
 * the same person's PNC id written `04/123456b` by one agency and `2004/0123456B` by another
 * must meet in one subject.
 */
export function normaliseIdentifier(scheme: IdentifierScheme, value: string): IdentifierResult {
  switch (scheme) {
    case 'PNC':
      return normalisePncId(value);
    case 'CRO':
      return normaliseCroNumber(value);
    case 'CRN':
      return normaliseCrn(value);
    case 'NOMS':
      return normaliseNomsNumber(value);
    case 'PASSPORT':
      return normalisePassportNumber(value);
    case 'NINO':
      return normaliseNino(value);
  }
}
