import { loadMatchingSettings, parseMatchingSettings } from './identity-matching-config';

const VALID = `priorWeight: -14\ntwinsWeight: -16\nthresholds:\n  link: 0.999\n  review: 0.5\nmaxCandidates: 500\n`;

describe('identity matching settings', () => {
  it('loads the shipped file', () => {
    expect(loadMatchingSettings('config/reference')).toEqual({ priorWeight: -14, twinsWeight: -16, linkThreshold: 0.999, reviewThreshold: 0.5, maxCandidates: 500 });
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
