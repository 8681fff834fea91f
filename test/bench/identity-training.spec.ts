import { parseMatchingSettings } from '../../src/identity/identity-matching-config';
import { MATCH_MODEL } from '../../src/identity/scoring/match-model';
import { recordsOfCsv } from '../../bench/identity-train';
import { trainMatchModel } from '../../bench/identity-training';
import { corpusAsCsv, generateIdentityCorpus } from '../kit/identity-corpus';
import { stringify } from 'yaml';

/** The offline trainer (npm run identity:train) on a small generated corpus, read back from CSV as a real file would be. */
describe('identity:train: weights estimated from unlabelled records', () => {
  const corpus = generateIdentityCorpus({ records: 2000, seed: 41 });
  const records = recordsOfCsv(corpusAsCsv(corpus));
  const trained = trainMatchModel(records, { randomPairs: 30_000, seed: 7 });

  it('reads the CSV without its truth column', () => {
    expect(records).toHaveLength(2000);
    expect(records[0]).toEqual({ ...corpus[0].profile, names: corpus[0].profile.names.slice(0, 2) });
  });

  it('EM converges in every session', () => {
    expect(trained.converged).toBe(true);
    expect(trained.sessions.every((s) => s.converged && s.pairs > 100)).toBe(true);
    expect(trained.sessions[0].matchShare).toBeGreaterThan(0.1);
    expect(trained.sessions[0].matchShare).toBeLessThan(0.95);
  });

  it('m is above u for agreeing levels and below it for disagreeing ones', () => {
    const { model } = trained;
    for (const [c, level] of [
      ['forename', 'EXACT'],
      ['surname', 'EXACT'],
      ['dateOfBirth', 'EXACT'],
      ['dateOfBirth', 'TRANSPOSED'],
      ['postcode', 'EXACT'],
      ['sex', 'SAME'],
    ] as const) {
      expect(model[c][level].m).toBeGreaterThan(model[c][level].u);
    }
    for (const c of ['forename', 'surname', 'dateOfBirth', 'postcode'] as const)
      expect(model[c].DIFFERENT.m).toBeLessThan(model[c].DIFFERENT.u);
    // Every level of every comparison is estimated, as probabilities summing to one.
    for (const c of Object.keys(MATCH_MODEL) as (keyof typeof MATCH_MODEL)[]) {
      expect(Object.keys(model[c]).sort()).toEqual(Object.keys(MATCH_MODEL[c]).sort());
      expect(Object.values(model[c]).reduce((s, l) => s + l.m, 0)).toBeCloseTo(1, 2);
    }
    // A prior near log2(matching pairs / all pairs): a few matches among millions of pairs.
    expect(trained.priorWeight).toBeLessThan(-8);
    expect(trained.priorWeight).toBeGreaterThan(-16);
  });

  it('writes term-frequency tables: common names listed with their share, rare ones at the floor', () => {
    const { termFrequencies: tf } = trained;
    expect(tf.surname.SMITH).toBeGreaterThan(0.02);
    expect(tf.floor).toBeCloseTo(5 / 2000, 6);
    expect(Object.values(tf.surname).every((f) => f >= tf.floor)).toBe(true);
    expect(Object.keys(tf.forename).length).toBeGreaterThan(20);
  });

  it('what it writes is a settings file the hub accepts', () => {
    const text = stringify({
      priorWeight: trained.priorWeight,
      twinsWeight: -16,
      thresholds: { link: 0.999, review: 0.5 },
      maxCandidates: 500,
      model: trained.model,
      termFrequencies: trained.termFrequencies,
    });
    const settings = parseMatchingSettings(text, 'trained.yaml');
    expect(settings.model!.surname.EXACT).toEqual(trained.model.surname.EXACT);
    expect(settings.termFrequencies!.surname.get('SMITH')).toBe(trained.termFrequencies.surname.SMITH);
  });
});
