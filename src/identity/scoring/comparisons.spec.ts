import {
  compareDatesOfBirth,
  compareForenames,
  comparePostcodes,
  compareSex,
  compareSurnames,
  transposedDate,
} from './comparisons';
import { editDistance } from './edit-distance';
import { areForenameVariants, areSurnameVariants } from './name-variants';

const level = (c: { level: string } | null) => c?.level;

describe('name comparisons', () => {
  it.each([
    ['John Michael', 'JOHN  MICHAEL', 'EXACT'],
    ['John Michael', 'John', 'FIRST_EXACT'],
    ['Mohammed', 'Muhammad', 'VARIANT'],
    ['Bob', 'Robert', 'VARIANT'],
    ['John Michael', 'Michael', 'MIDDLE_NAME'],
    ['Jonathan', 'Jonathon', 'FUZZY_HIGH'],
    ['Kenneth', 'Knneth', 'FUZZY_HIGH'],
    ['J', 'John', 'INITIAL'],
    ['Peter', 'Susan', 'DIFFERENT'],
  ])('forenames %s / %s: %s', (a, b, expected) => {
    expect(level(compareForenames(a, b))).toBe(expected);
  });

  it.each([
    ["O'Connor", 'OCONNOR', 'EXACT'],
    ['Smith-Jones', 'Smith Jones', 'EXACT'],
    ['Smith-Jones', 'Jones', 'PART'],
    ['Chaudhry', 'Choudhury', 'VARIANT'],
    ['Robinson', 'Rouinson', 'FUZZY_HIGH'],
    ['Smith', 'Smyth', 'FUZZY_HIGH'],
    ['Smith', 'Patel', 'DIFFERENT'],
  ])('surnames %s / %s: %s', (a, b, expected) => {
    expect(level(compareSurnames(a, b))).toBe(expected);
  });

  it('weighs agreement for and disagreement against, in bits', () => {
    expect(compareSurnames('Smith', 'Smith').weight).toBeGreaterThan(compareSurnames('Smith', 'Smyth').weight);
    expect(compareSurnames('Smith', 'Smyth').weight).toBeGreaterThan(0);
    expect(compareSurnames('Smith', 'Patel').weight).toBeLessThan(0);
    expect(compareForenames('Peter', 'Susan').weight).toBeLessThan(-5);
  });

  it('knows nicknames and transliterations in either direction, and not across names', () => {
    expect(areForenameVariants('MIKE', 'Michael')).toBe(true);
    expect(areForenameVariants('Michael', 'Mike')).toBe(true);
    expect(areForenameVariants('Michael', 'Robert')).toBe(false);
    expect(areSurnameVariants('Hussein', 'HUSSAIN')).toBe(true);
    expect(areSurnameVariants('Khan', 'Ali')).toBe(false);
  });
});

describe('date of birth, sex and postcode comparisons', () => {
  it.each([
    ['1986-02-28', '1986-02-28', 'EXACT'],
    ['1986-02-11', '1986-11-02', 'TRANSPOSED'],
    ['1986-02-28', '1986-02-23', 'ONE_DIGIT'],
    ['1986-02-28', '1996-02-28', 'ONE_DIGIT'],
    ['1986-02-28', '1987-03-28', 'DIFFERENT'],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(level(compareDatesOfBirth(a, b))).toBe(expected);
  });

  it('swaps day and month only when the result is another valid date', () => {
    expect(transposedDate('1986-02-11')).toBe('1986-11-02');
    expect(transposedDate('1986-02-28')).toBeNull();
    expect(transposedDate('1986-05-05')).toBeNull();
  });

  it('sex: no evidence when either side is unknown', () => {
    expect(compareSex(undefined, 'M')).toBeNull();
    expect(level(compareSex('M', 'M'))).toBe('SAME');
    expect(compareSex('M', 'F')!.weight).toBeLessThan(-5);
  });

  it('postcodes: the same unit, district or area', () => {
    expect(level(comparePostcodes('LS62AB', 'LS62AB'))).toBe('EXACT');
    expect(level(comparePostcodes('LS62AB', 'LS69ZZ'))).toBe('DISTRICT');
    expect(level(comparePostcodes('LS62AB', 'LS119ZZ'))).toBe('AREA');
    expect(level(comparePostcodes('LS62AB', 'M11AA'))).toBe('DIFFERENT');
  });

  it('edit distance counts one adjacent swap as one slip', () => {
    expect(editDistance('JOHN', 'JOHN')).toBe(0);
    expect(editDistance('JOHN', 'JHON')).toBe(1);
    expect(editDistance('KENNETH', 'KNNETH')).toBe(1);
    expect(editDistance('SMITH', 'SMYTHE')).toBe(2);
    expect(editDistance('', 'ABC')).toBe(3);
  });
});
