import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The contract's example messages, as shipped with the court-outcomes adapter. */
export function courtExample(
  name: 'hearing-resulted-shpo' | 'hearing-resulted-juvenile-community' | 'order-discharged',
): Record<string, any> {
  return JSON.parse(readFileSync(join('adapters/inbound/court-outcomes/fixtures', `${name}.json`), 'utf8'));
}

/** Probation's example messages (contracts/examples/probation), shipped with its adapter. */
export function probationExample(
  name: 'risk-assessment-completed' | 'mappa-changed' | 'risk-management-plan-recorded',
): Record<string, any> {
  return JSON.parse(readFileSync(join('adapters/inbound/probation/fixtures', `${name}.json`), 'utf8'));
}

/** PNC's example messages (contracts/examples/pnc), shipped with its adapter. */
export function pncExample(
  name: 'caution-recorded' | 'notification-foreign-travel' | 'risk-management-plan-recorded',
): Record<string, any> {
  return JSON.parse(readFileSync(join('adapters/inbound/pnc/fixtures', `${name}.json`), 'utf8'));
}

/** Prison custody messages (prison.md), shipped with the prison adapter. */
export function prisonExample(
  name: 'reception' | 'transferred' | 'release-date-set' | 'released',
): Record<string, any> {
  return JSON.parse(readFileSync(join('adapters/inbound/prison/fixtures', `${name}.json`), 'utf8'));
}
