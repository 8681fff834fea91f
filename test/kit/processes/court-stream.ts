import { readFileSync } from 'node:fs';

const TEMPLATE = JSON.parse(
  readFileSync('adapters/inbound/court-outcomes/fixtures/hearing-resulted-shpo.json', 'utf8'),
) as Record<string, any>;

/** Letters only (names are validated as names): 0 → A, 25 → Z, 26 → BA... */
function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/**
 * The n-th court outcome of a run: an SHPO hearing about a person of its own (own defendant id,
 * surname, order reference), so each message raises the same four events for a new subject.
 */
export function courtOutcome(run: string, n: number): Record<string, any> {
  const m = structuredClone(TEMPLATE);
  const tag = `${run}-${n}`;
  m.messageId = `LOAD-${tag}`;
  m.case.urn = `LD${n.toString().padStart(9, '0')}`;
  m.defendant.courtDefendantId = `D-${tag}`;
  m.defendant.name = { forenames: 'Test', surname: `LOAD${letters(n)}${run.replace(/[^A-Za-z]/g, '').toUpperCase()}` };
  // Each message is a different person: surnames one letter apart would otherwise score as typos
  // of one person (issue 8), so each also gets its own date of birth and postcode.
  const born = new Date(Date.UTC(1950, 0, 1) + (n % 18000) * 86_400_000);
  m.defendant.dateOfBirth = born.toISOString().slice(0, 10);
  m.defendant.address = {
    ...m.defendant.address,
    postcode: `LS${1 + (n % 28)} ${n % 10}${letters(n % 676).padStart(2, 'A')}`,
  };
  delete m.defendant.aliases;
  // Each its own PNC id too: the stream's people are near-identical by design (one forename,
  // surnames a letter apart, dates of birth a slip apart), which the scored matcher may fairly
  // take for one person; a distinct identifier says they are not, as a real court's would.
  m.defendant.pncId = pncIdFor(n);
  delete m.defendant.croNumber;
  m.orders[0].orderRef = `SHPO-${tag}`;
  return m;
}

/** A valid PNC id (check character: (two-digit year × 10^7 + serial) mod 23) unique to message n. */
function pncIdFor(n: number): string {
  const serial = 5_000_000 + n;
  return `2010/${String(serial).padStart(7, '0')}${'ZABCDEFGHJKLMNPQRTUVWXY'[(10 * 10_000_000 + serial) % 23]}`;
}
