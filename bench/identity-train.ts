/**
 * npm run identity:train -- FILE [--out config/reference/identity-matching.yaml]
 *
 * Estimates the identity matching weights from unlabelled records (bench/identity-training.ts:
 * term frequencies, u by random sampling, m by expectation-maximisation, as Splink does) and
 * writes them into the matching settings file, keeping its thresholds, twins weight and
 * candidate limits. FILE is CSV with a header naming forenames, surname, date_of_birth and,
 * optionally, sex, postcode, alias_forenames, alias_surname (any other column, such as a
 * person_id of known truth, is ignored). `npm run bench:identity -- --write-corpus FILE` writes
 * the synthetic corpus in this form.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadMatchingSettings } from '../src/identity/identity-matching-config';
import { normalisePostcode, type MatchProfile } from '../src/identity/scoring/match-profile';
import { trainMatchModel } from './identity-training';

/** Splits CSV text into rows (quoted fields may hold commas and doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        fields.push(field);
        field = '';
      } else {
        field += ch;
      }
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

export function recordsOfCsv(text: string): MatchProfile[] {
  const [header, ...rows] = parseCsv(text);
  const col = (name: string) => header.indexOf(name);
  for (const required of ['forenames', 'surname', 'date_of_birth'])
    if (col(required) < 0) throw new Error(`CSV header lacks ${required}`);
  const get = (row: string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
  return rows.map((row) => {
    const sex = get(row, 'sex').toUpperCase();
    const postcode = normalisePostcode(get(row, 'postcode'));
    const alias = { forenames: get(row, 'alias_forenames'), surname: get(row, 'alias_surname') };
    return {
      names: [{ forenames: get(row, 'forenames'), surname: get(row, 'surname') }, ...(alias.surname ? [alias] : [])],
      datesOfBirth: [get(row, 'date_of_birth')],
      ...(sex === 'M' || sex === 'F' ? { sex } : {}),
      postcodes: postcode ? [postcode] : [],
      identifiers: [],
    } as MatchProfile;
  });
}

const HEADER = `# Scored identity matching. When no identifier decides who a message is about, the hub
# compares the message's person with candidate subjects (name and aliases, date of birth, sex,
# postcode), adds up each comparison's Fellegi-Sunter weight log2(m / u) and turns the total
# into a match probability (src/identity/scoring).
#
#   probability >= link               linked to the best such subject (event link basis SCORED);
#                                     several such subjects: linked to the best, a review to merge the rest
#   review <= probability < link      a new subject, and a review task with the evidence
#   probability < review              a new subject
#
# priorWeight, model and termFrequencies are ESTIMATED FROM DATA by \`npm run identity:train\`
# (bench/identity-train.ts; docs/adr/0300-identity-weights-from-data.md): do not edit them by
# hand, re-run the trainer. The rest is policy, set by hand and kept by the trainer.
# The hub refuses to start if this file is invalid.
`;

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
  if (!file) throw new Error('usage: npm run identity:train -- FILE [--out PATH]');
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'config/reference/identity-matching.yaml';
  const records = recordsOfCsv(readFileSync(file, 'utf8'));
  const policy = loadMatchingSettings(process.env.HUB_REFERENCE_DIR ?? 'config/reference');
  const started = Date.now();
  const trained = trainMatchModel(records, { maxBlockSize: policy.maxBlockSize });
  console.log(
    `trained on ${trained.pairs.records} records: ${trained.pairs.blocked} blocked pairs, ${trained.pairs.random} random pairs; EM ${trained.converged ? 'converged' : 'did NOT converge'} in ${trained.iterations} iterations; match share among blocked pairs ${trained.matchShare}; prior ${trained.priorWeight} bits; ${Date.now() - started} ms`,
  );
  for (const s of trained.sessions)
    console.log(
      `  session blocked on ${s.blockedOn}: ${s.pairs} pairs, match share ${s.matchShare}, EM ${s.converged ? 'converged' : 'did NOT converge'} in ${s.iterations} iterations`,
    );
  for (const [comparison, levels] of Object.entries(trained.model)) {
    console.log(
      comparison,
      Object.entries(levels)
        .map(([l, { m, u }]) => `${l} ${Math.log2(m / u).toFixed(2)}`)
        .join(', '),
    );
  }
  const settings = {
    priorWeight: trained.priorWeight,
    twinsWeight: policy.twinsWeight,
    thresholds: { link: policy.linkThreshold, review: policy.reviewThreshold },
    maxCandidates: policy.maxCandidates,
    maxBlockSize: policy.maxBlockSize,
    trainedOn: `${trained.pairs.records} records, ${trained.pairs.blocked} blocked pairs, ${trained.pairs.random} random pairs, EM ${trained.iterations} iterations`,
    model: trained.model,
    termFrequencies: trained.termFrequencies,
  };
  writeFileSync(out, `${HEADER}\n${stringify(settings, { lineWidth: 0 })}`);
  if (!trained.converged) process.exitCode = 1;
}

if (process.argv[1]?.endsWith('identity-train.js')) main();
