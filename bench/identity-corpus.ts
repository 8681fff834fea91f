/**
 * npm run bench:identity: precision and recall of scored identity matching on a synthetic
 * corpus with known truth (test/kit/identity-corpus.ts, every error class of the identity
 * issue at its stated rate), at the settings in config/reference/identity-matching.yaml,
 * through the same blocking keys and decision the hub uses (in process: the key index is a Map
 * standing in for subject_blocking_keys). Printed beside the figures of the matcher before the
 * identity issue (main at 3054112) on the same corpus.
 *
 *   IDENTITY_CORPUS_RECORDS=20000  IDENTITY_CORPUS_SEED=20261101
 *   npm run bench:identity -- --write-corpus FILE   also writes the corpus as CSV (for identity:train)
 */
import { writeFileSync } from 'node:fs';
import { loadMatchingSettings } from '../src/identity/identity-matching-config';
import { corpusAsCsv, generateIdentityCorpus } from '../test/kit/identity-corpus';
import { evaluateCorpus } from '../test/kit/identity-evaluation';

const RECORDS = Number(process.env.IDENTITY_CORPUS_RECORDS ?? 20000);
const SEED = Number(process.env.IDENTITY_CORPUS_SEED ?? 20261101);
const writeTo = process.argv.indexOf('--write-corpus');

/** The matcher at 3054112 on the default corpus (20,000 records, seed 20261101), measured before the change. */
const BEFORE: Record<string, string | number> = {
  'automatic links': 8517,
  '  correct': 8509,
  '  wrong': 8,
  '  basis NAME_AND_DATE_OF_BIRTH': 4792,
  '  basis SCORED': 3725,
  'records with a subject to link to': 10095,
  'reviews raised': 1497,
  '  new subject + task': 1497,
  '    of which a true match existed': 1326,
  '  linked, and a split to merge': 0,
  'missed (new subject, no review)': 256,
  'precision of automatic links': '99.91%',
  'recall of automatic links': '84.29%',
  'recall counting reviews': '97.42%',
  'review rate (of all records)': '7.49%',
  'scoring time per record': '593.1 µs',
  'candidates per record (mean / p99 / max)': '(not measured) / 14',
};

const settings = loadMatchingSettings(process.env.HUB_REFERENCE_DIR ?? 'config/reference');
const corpus = generateIdentityCorpus({ records: RECORDS, seed: SEED });
if (writeTo > 0) writeFileSync(process.argv[writeTo + 1], corpusAsCsv(corpus));
const started = process.hrtime.bigint();
const r = evaluateCorpus(corpus, settings);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const defaultCorpus = RECORDS === 20000 && SEED === 20261101;

console.log(
  `identity corpus: ${r.records} records (seed ${SEED}), thresholds link ${settings.linkThreshold} / review ${settings.reviewThreshold}, prior ${settings.priorWeight} bits, twins ${settings.twinsWeight} bits, ${settings.model ? 'weights from data' : 'built-in weights'}`,
);
const rows: Record<string, string | number> = {
  'automatic links': r.autoLinks,
  '  correct': r.correctLinks,
  '  wrong': r.wrongLinks,
  '  basis NAME_AND_DATE_OF_BIRTH': r.byBasis.NAME_AND_DATE_OF_BIRTH ?? 0,
  '  basis SCORED': r.byBasis.SCORED ?? 0,
  'records with a subject to link to': r.linkable,
  'reviews raised': r.reviews + r.splitReviews,
  '  new subject + task': r.reviews,
  '    of which a true match existed': r.reviewsOfLinkable,
  '  linked, and a split to merge': r.splitReviews,
  '    of which all one person': r.splitReviewsRight,
  'missed (new subject, no review)': r.missed,
  'precision of automatic links': pct(r.precision),
  'recall of automatic links': pct(r.recall),
  'recall counting reviews': pct((r.correctLinks + r.reviewsOfLinkable) / r.linkable),
  'review rate (of all records)': pct(r.reviewRate),
  'candidates per record (mean / p99 / max)': `${r.candidatesMean.toFixed(1)} / ${r.candidatesP99} / ${r.maxCandidatesSeen}`,
  'scoring time per record': `${((ms * 1000) / r.records).toFixed(1)} µs`,
};
console.table(
  Object.fromEntries(
    Object.entries(rows).map(([k, after]) => [k, defaultCorpus ? { before: BEFORE[k] ?? '', after } : { after }]),
  ),
);
if (Object.keys(r.wrongByVariation).length) console.log('wrong links by variation:', r.wrongByVariation);
console.log('missed by variation:', r.missedByVariation);
if (r.precision < 0.999) {
  console.error(`precision ${pct(r.precision)} is below 99.9%`);
  process.exitCode = 1;
}
