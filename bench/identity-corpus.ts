/**
 * npm run bench:identity: precision and recall of scored identity matching on a synthetic
 * corpus with known truth (test/kit/identity-corpus.ts), at the thresholds in
 * config/reference/identity-matching.yaml, through the same blocking keys and decision the
 * hub uses (in process: the key index is a Map standing in for subject_blocking_keys).
 *
 *   IDENTITY_CORPUS_RECORDS=10000  IDENTITY_CORPUS_SEED=20261101
 */
import { loadMatchingSettings } from '../src/identity/identity-matching-config';
import { generateIdentityCorpus } from '../test/kit/identity-corpus';
import { evaluateCorpus } from '../test/kit/identity-evaluation';

const RECORDS = Number(process.env.IDENTITY_CORPUS_RECORDS ?? 10000);
const SEED = Number(process.env.IDENTITY_CORPUS_SEED ?? 20261101);

const settings = loadMatchingSettings(process.env.HUB_REFERENCE_DIR ?? 'config/reference');
const corpus = generateIdentityCorpus({ records: RECORDS, seed: SEED });
const started = process.hrtime.bigint();
const r = evaluateCorpus(corpus, settings);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

console.log(`identity corpus: ${r.records} records (seed ${SEED}), thresholds link ${settings.linkThreshold} / review ${settings.reviewThreshold}, prior ${settings.priorWeight} bits, twins ${settings.twinsWeight} bits`);
console.table({
  'automatic links': { value: r.autoLinks },
  '  correct': { value: r.correctLinks },
  '  wrong': { value: r.wrongLinks },
  '  basis NAME_AND_DATE_OF_BIRTH': { value: r.byBasis.NAME_AND_DATE_OF_BIRTH ?? 0 },
  '  basis SCORED': { value: r.byBasis.SCORED ?? 0 },
  'records with a subject to link to': { value: r.linkable },
  'reviews (new subject + task)': { value: r.reviews },
  '  of which a true match existed': { value: r.reviewsOfLinkable },
  'missed (new subject, no review)': { value: r.missed },
  'precision of automatic links': { value: pct(r.precision) },
  'recall of automatic links': { value: pct(r.recall) },
  'recall counting reviews': { value: pct((r.correctLinks + r.reviewsOfLinkable) / r.linkable) },
  'review rate (of all records)': { value: pct(r.reviewRate) },
  'largest candidate set': { value: r.maxCandidatesSeen },
  'scoring time per record': { value: `${((ms * 1000) / r.records).toFixed(1)} µs` },
});
if (Object.keys(r.wrongByVariation).length) console.log('wrong links by variation:', r.wrongByVariation);
console.log('missed by variation:', r.missedByVariation);
if (r.precision < 0.999) {
  console.error(`precision ${pct(r.precision)} is below 99.9%`);
  process.exitCode = 1;
}
