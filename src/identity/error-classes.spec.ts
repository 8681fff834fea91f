import { loadMatchingSettings } from './identity-matching-config';
import { probeBlockingKeys, subjectBlockingKeys } from './scoring/blocking-keys';
import { compareDatesOfBirth, compareForenames } from './scoring/comparisons';
import { decideIdentity, type Candidate } from './scoring/decide-identity';
import type { MatchProfile } from './scoring/match-profile';
import { scorePair } from './scoring/score-pair';

/**
 * One test per class of missed link in the identity issue: a pair that must link, and a near
 * pair that must not (twins, a father and son of one name). Under the shipped settings
 * (config/reference/identity-matching.yaml: weights estimated from data).
 */
const settings = loadMatchingSettings('config/reference');

const person = (over: Partial<MatchProfile> & { forenames?: string; surname?: string } = {}): MatchProfile => ({
  names: over.names ?? [{ forenames: over.forenames ?? 'Isabelle', surname: over.surname ?? 'Eglinton' }],
  datesOfBirth: over.datesOfBirth ?? ['1991-04-17'],
  ...('sex' in over ? (over.sex ? { sex: over.sex } : {}) : { sex: 'F' as const }),
  postcodes: over.postcodes ?? ['LS73QT'],
  identifiers: over.identifiers ?? [],
});
const subject = (subjectId: string, profile: MatchProfile): Candidate => ({ subjectId, profile });
const links = (probe: MatchProfile, ...candidates: Candidate[]) => decideIdentity(probe, candidates, settings);
const linkedTo = (probe: MatchProfile, ...candidates: Candidate[]) => {
  const d = links(probe, ...candidates);
  return d.kind === 'LINK' ? d.subjectId : null;
};

describe('1. splits do not cascade', () => {
  it('several qualifying subjects: linked to the best supported, one review to merge the others', () => {
    const d = links(person(), subject('split', person({ postcodes: [] })), subject('best', person()));
    expect(d).toMatchObject({ kind: 'LINK', subjectId: 'best', split: { candidateSubjectIds: ['split'] } });
  });

  it('an exact repeat of a record already linked lands on its subject, however many others qualify', () => {
    const record = person({ forenames: 'Isab Elle', postcodes: [] });
    const holder = person({
      names: [
        { forenames: 'Isabelle', surname: 'Eglinton' },
        { forenames: 'Isab Elle', surname: 'Eglinton' },
      ],
      postcodes: [],
    });
    expect(linkedTo(record, subject('other', person()), subject('holder', holder))).toBe('holder');
  });

  it('but a twin among the candidates is neither linked nor offered as part of the split', () => {
    const twin = person({ forenames: 'Annabelle' });
    const d = links(person(), subject('twin', twin), subject('her', person()));
    expect(d).toMatchObject({ kind: 'LINK', subjectId: 'her' });
    expect(d.kind === 'LINK' && d.split).toBeFalsy();
  });
});

describe('2. several forenames, split or run together', () => {
  it.each([
    ['Isab Elle', 'Isabelle'],
    ['Mary Ann', 'Maryann'],
    ['John Michael', 'Michael John'],
  ])('%s / %s: the same forenames, and linked', (a, b) => {
    expect(compareForenames(a, b).level).toBe('EXACT');
    expect(linkedTo(person({ forenames: a }), subject('a', person({ forenames: b })))).toBe('a');
  });

  it('a split forename with a slip in it is still a typo, not a twin', () => {
    const score = scorePair(person({ forenames: 'Isab Ele' }), person(), settings);
    expect(score.comparisons.map((c) => c.comparison)).not.toContain('twins');
    expect(linkedTo(person({ forenames: 'Isab Ele' }), subject('a', person()))).toBe('a');
  });

  it('twins with different forenames (Isabelle, Annabelle) are not linked', () => {
    expect(linkedTo(person({ forenames: 'Annabelle' }), subject('a', person()))).toBeNull();
  });
});

describe('3. short forenames with one typo', () => {
  it.each([
    ['Amy', 'Any'],
    ['Wil', 'Wio'],
  ])('%s / %s: a slip, linked', (a, b) => {
    expect(compareForenames(a, b).level).toBe('FUZZY_HIGH');
    expect(linkedTo(person({ forenames: b }), subject('a', person({ forenames: a })))).toBe('a');
  });

  it('twins Tom and Tim (two names in their own right) are not linked', () => {
    const tom = person({ forenames: 'Tom', surname: 'Eglinton', sex: 'M' });
    expect(
      scorePair(person({ forenames: 'Tim', sex: 'M' }), tom, settings).comparisons.map((c) => c.comparison),
    ).toContain('twins');
    expect(linkedTo(person({ forenames: 'Tim', sex: 'M' }), subject('tom', tom))).toBeNull();
  });
});

describe('4. forename and surname swapped', () => {
  it('compared crosswise, and linked', () => {
    const swapped = person({ forenames: 'Eglinton', surname: 'Isabelle' });
    expect(scorePair(swapped, person(), settings).comparisons.find((c) => c.comparison === 'surname')!.detail).toMatch(
      /swapped/,
    );
    expect(linkedTo(swapped, subject('a', person()))).toBe('a');
  });

  it('swapped names of a father and son a generation apart are not linked', () => {
    const father = person({ forenames: 'Thomas', surname: 'Eglinton', sex: 'M', datesOfBirth: ['1961-09-02'] });
    expect(
      linkedTo(person({ forenames: 'Eglinton', surname: 'Thomas', sex: 'M' }), subject('father', father)),
    ).toBeNull();
  });
});

describe('5. a date of birth changed or mistyped beyond a swap or one digit', () => {
  const wrongDay = person({ datesOfBirth: ['1991-04-28'] });

  it('still meets its subject: name and household blocking keys hold no date of birth', () => {
    const shared = probeBlockingKeys(wrongDay).filter((k) => subjectBlockingKeys(person()).includes(k));
    expect(shared.some((k) => k.startsWith('N:'))).toBe(true);
    expect(shared.some((k) => k.startsWith('H:'))).toBe(true);
  });

  it('two of year, month and day agreeing, with the address: linked', () => {
    expect(compareDatesOfBirth('1991-04-28', '1991-04-17').level).toBe('PARTIAL');
    expect(compareDatesOfBirth('1987-04-17', '1991-04-17').level).toBe('PARTIAL');
    expect(linkedTo(wrongDay, subject('a', person()))).toBe('a');
  });

  it('a father and son of one name at one address, a generation apart: never linked, offered for review', () => {
    const father = person({ forenames: 'Thomas', sex: 'M', datesOfBirth: ['1961-09-02'] });
    const son = person({ forenames: 'Thomas', sex: 'M', datesOfBirth: ['1991-04-17'] });
    expect(compareDatesOfBirth('1961-09-02', '1991-04-17').level).toBe('DIFFERENT');
    expect(compareDatesOfBirth('1964-04-17', '1991-04-17').level).toBe('DIFFERENT');
    const d = links(son, subject('father', father));
    expect(d.kind).toBe('NEW_SUBJECT');
    expect(d.kind === 'NEW_SUBJECT' && d.review?.reason).toMatch(/dates of birth differ/);
  });

  it('a namesake born a digit apart elsewhere is not linked without an address to confirm', () => {
    expect(linkedTo(person({ datesOfBirth: ['1991-04-19'], postcodes: ['M11AA'] }), subject('a', person()))).toBeNull();
  });
});

describe('6. weights estimated from data, with term frequencies', () => {
  it('the shipped settings carry an estimated model and name frequencies', () => {
    expect(settings.model).toBeDefined();
    expect(settings.termFrequencies!.surname.get('SMITH')).toBeGreaterThan(0.01);
  });

  it('SMITH agreeing says far less than EGLINTON agreeing', () => {
    const weight = (surname: string) =>
      scorePair(person({ surname }), person({ surname }), settings).comparisons.find((c) => c.comparison === 'surname')!
        .weight;
    expect(weight('Eglinton') - weight('Smith')).toBeGreaterThan(3);
  });

  it('so a namesake with a common name and a near date, elsewhere, is not linked, while a rare one with the address is', () => {
    const smith = (over: Partial<MatchProfile>) => person({ forenames: 'John', surname: 'Smith', sex: 'M', ...over });
    expect(linkedTo(smith({ datesOfBirth: ['1991-04-18'], postcodes: [] }), subject('a', smith({})))).toBeNull();
    expect(linkedTo(person({ datesOfBirth: ['1991-04-18'] }), subject('a', person()))).toBe('a');
  });
});

describe('1b. but subjects held apart by identifiers are two people, not a split', () => {
  it('fitting two subjects with different PNC ids links to neither: a new subject and a review', () => {
    const one = person({ identifiers: [{ scheme: 'PNC', value: '2010/1111111F' }] });
    const two = person({ identifiers: [{ scheme: 'PNC', value: '2011/2222222A' }] });
    const d = links(person({ postcodes: [] }), subject('one', one), subject('two', two));
    expect(d).toMatchObject({
      kind: 'NEW_SUBJECT',
      review: { reason: 'several subjects share this name and date of birth' },
    });
    expect(d.kind === 'NEW_SUBJECT' && d.review!.candidateSubjectIds.sort()).toEqual(['one', 'two']);
  });
});
