import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The contract's example messages, as shipped with the court-outcomes adapter. */
export function courtExample(name: 'hearing-resulted-shpo' | 'hearing-resulted-juvenile-community' | 'order-discharged'): Record<string, any> {
  return JSON.parse(readFileSync(join('adapters/inbound/court-outcomes/fixtures', `${name}.json`), 'utf8'));
}
