import { loadMatchingSettings } from '../../src/identity/identity-matching-config';
import { generateIdentityCorpus } from '../kit/identity-corpus';
import { evaluateCorpus } from '../kit/identity-evaluation';

/**
 * A regression guard for scored identity: a smaller corpus than bench:identity's, through the
 * shipped thresholds, blocking keys and decision. Automatic links must stay right 99.9% of the time.
 */
describe('scored identity on a synthetic corpus with known truth', () => {
  const settings = loadMatchingSettings('config/reference');

  it.each([11, 12])(
    'seed %i: precision of automatic links at least 99.9%, most true matches linked, few reviews',
    (seed) => {
      const corpus = generateIdentityCorpus({ records: 1500, seed });
      expect(corpus).toHaveLength(1500);
      const r = evaluateCorpus(corpus, settings);
      expect(r.autoLinks).toBeGreaterThan(500);
      expect(r.precision).toBeGreaterThanOrEqual(0.999);
      expect(r.recall).toBeGreaterThan(0.9);
      expect(r.reviewRate).toBeLessThan(0.06);
    },
  );

  it('is deterministic for a seed, and the corpus holds the hard cases', () => {
    const a = generateIdentityCorpus({ records: 1000, seed: 3 });
    expect(generateIdentityCorpus({ records: 1000, seed: 3 })).toEqual(a);
    const variations = new Set(a.map((r) => r.variation));
    for (const v of [
      'twin',
      'namesake',
      'day and month swapped',
      'date of birth one digit off',
      'nickname or transliteration',
      'surname typo',
    ])
      expect(variations).toContain(v);
  });

  it('would catch a model that links on too little: with no prior penalty precision falls', () => {
    const r = evaluateCorpus(generateIdentityCorpus({ records: 1500, seed: 11 }), {
      ...settings,
      priorWeight: 0,
      twinsWeight: 0,
    });
    expect(r.precision).toBeLessThan(0.999);
  });
});
