import type { Candidate } from './decide-identity';
import type { MatchProfile } from './match-profile';
import type { MatchingSettings } from './matching-settings';
import { possibleMatches } from './possible-matches';

const SETTINGS: MatchingSettings = {
  priorWeight: -14,
  twinsWeight: -16,
  linkThreshold: 0.999,
  reviewThreshold: 0.5,
  maxCandidates: 500,
};

/** A check names a person and a date of birth, nothing else. */
const search = (
  forenames: string,
  surname: string,
  dateOfBirth: string,
  identifiers: MatchProfile['identifiers'] = [],
): MatchProfile => ({
  names: [{ forenames, surname }],
  datesOfBirth: [dateOfBirth],
  postcodes: [],
  identifiers,
});
const subject = (
  subjectId: string,
  forenames: string,
  surname: string,
  dateOfBirth: string,
  identifiers: MatchProfile['identifiers'] = [],
): Candidate => ({
  subjectId,
  profile: {
    names: [{ forenames, surname }],
    datesOfBirth: [dateOfBirth],
    sex: 'M',
    postcodes: ['LS62AB'],
    identifiers,
  },
});

describe('possibleMatches: whom a check offers', () => {
  it('the exact name and date of birth is linkable on its own', () => {
    const [match] = possibleMatches(
      search('John Michael', 'Smith', '1986-02-28'),
      [subject('a', 'John Michael', 'Smith', '1986-02-28')],
      SETTINGS,
    );
    expect(match).toMatchObject({ subjectId: 'a', linkable: true });
    expect(match.probability).toBeGreaterThanOrEqual(SETTINGS.linkThreshold);
  });

  it("finds a misspelt surname, and day and month swapped, and explains why without the subject's values", () => {
    const [match] = possibleMatches(
      search('John', 'Smyth', '1986-02-28'),
      [subject('a', 'John', 'Smith', '1986-02-28')],
      SETTINGS,
    );
    expect(match.subjectId).toBe('a');
    expect(match.evidence.map((e) => `${e.comparison}:${e.level}`)).toEqual(
      expect.arrayContaining(['forename:EXACT', 'dateOfBirth:EXACT']),
    );
    expect(match.evidence.find((e) => e.comparison === 'surname')!.level).not.toBe('EXACT');
    expect(JSON.stringify(match)).not.toMatch(/Smith|LS62AB/);
    const transposed = possibleMatches(
      search('John', 'Smith', '1986-12-05'),
      [subject('b', 'John', 'Smith', '1986-05-12')],
      SETTINGS,
    );
    expect(transposed.map((m) => m.subjectId)).toEqual(['b']);
    expect(transposed[0].evidence.find((e) => e.comparison === 'dateOfBirth')!.level).toBe('TRANSPOSED');
  });

  it('leaves out those below the review threshold and those holding an identifier the search contradicts', () => {
    const candidates = [
      subject('same', 'John', 'Smith', '1986-02-28'),
      subject('stranger', 'Ahmed', 'Khan', '1986-02-28'),
      subject('other-pnc', 'John', 'Smith', '1986-02-28', [{ scheme: 'PNC', value: '2010/0000001A' }]),
    ];
    const offered = possibleMatches(
      search('John', 'Smith', '1986-02-28', [{ scheme: 'PNC', value: '2004/0123456B' }]),
      candidates,
      SETTINGS,
    );
    expect(offered.map((m) => m.subjectId)).toEqual(['same']);
  });

  it('puts the best first', () => {
    const offered = possibleMatches(
      search('Jon', 'Smith', '1986-02-28'),
      [subject('weaker', 'John', 'Smithson', '1986-02-28'), subject('stronger', 'John', 'Smith', '1986-02-28')],
      SETTINGS,
    );
    expect(offered[0].subjectId).toBe('stronger');
    expect(offered.every((m, i) => i === 0 || m.probability <= offered[i - 1].probability)).toBe(true);
  });
});
