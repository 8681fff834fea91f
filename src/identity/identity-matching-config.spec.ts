import { loadMatchingSettings, parseMatchingSettings } from './identity-matching-config';

const VALID = `priorWeight: -14\ntwinsWeight: -16\nthresholds:\n  link: 0.999\n  review: 0.5\nmaxCandidates: 500\n`;

describe('identity matching settings', () => {
  // The shipped file now carries weights estimated by identity:train (the identity issue), beside the hand-set policy.
  it('loads the shipped file: policy set by hand, weights and name frequencies from data', () => {
    const settings = loadMatchingSettings('config/reference');
    expect(settings).toMatchObject({
      twinsWeight: -16,
      linkThreshold: 0.999,
      reviewThreshold: 0.5,
      maxCandidates: 500,
      maxBlockSize: 50,
    });
    expect(settings.priorWeight).toBeLessThan(-8);
    expect(settings.model!.dateOfBirth.EXACT.m).toBeGreaterThan(settings.model!.dateOfBirth.EXACT.u);
    expect(settings.termFrequencies!.surname.size).toBeGreaterThan(50);
  });

  it('a model must give every level m and u as probabilities; frequencies too', () => {
    const model = { forename: { EXACT: { m: 0.8, u: 0.01 } } };
    expect(() => parseMatchingSettings(`${VALID}model: ${JSON.stringify(model)}\n`, 'f')).toThrow(
      'model.forename.FIRST_EXACT: must be a mapping',
    );
    expect(() =>
      parseMatchingSettings(`${VALID}termFrequencies: { floor: 0.001, forename: {}, surname: { SMITH: 2 } }\n`, 'f'),
    ).toThrow('termFrequencies.surname.SMITH: must be a probability');
    expect(() => parseMatchingSettings(`${VALID}maxBlockSize: 0\n`, 'f')).toThrow(
      'maxBlockSize: must be a number from 1',
    );
  });

  it.each([
    [VALID.replace('review: 0.5', 'review: 0.9999'), 'thresholds.review: must not be above thresholds.link'],
    [VALID.replace('link: 0.999', 'link: 0.4'), 'thresholds.link: must be a number from 0.5 to 1'],
    [VALID.replace('maxCandidates: 500', 'maxCandidates: 2.5'), 'maxCandidates: must be a whole number'],
    [VALID.replace('priorWeight: -14', 'priorWeight: "low"'), 'priorWeight: must be a number'],
    [`${VALID}linkAnything: true\n`, 'linkAnything: unknown setting'],
    [VALID.replace('thresholds:\n  link: 0.999\n  review: 0.5\n', ''), 'thresholds: must be a mapping'],
  ])('refuses a bad file, naming the field (%#)', (text, message) => {
    expect(() => parseMatchingSettings(text, 'identity-matching.yaml')).toThrow(message);
  });
});
