import { phoneticKey } from './phonetic-key';

describe('phoneticKey', () => {
  it.each([
    ['Mohammed', 'Muhammad'],
    ['Mohamed', 'Mohammad'],
    ['Philip', 'Filipp'],
    ['Kathryn', 'Cathrine'],
    ['Catherine', 'Katherine'],
    ['Stephen', 'Steven'],
    ['Smith', 'Smyth'],
    ['Thompson', 'Tompson'],
    ['Abdullah', 'Abdulla'],
    ['Knight', 'Nite'],
    ['Jeffrey', 'Geoffrey'],
  ])('%s sounds like %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it.each([
    ['Smith', 'Jones'],
    ['Anna', 'Nina'],
    ['Peter', 'Paul'],
    ['Oliver', 'Olivia'],
  ])('%s does not sound like %s', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });

  it('ignores case, accents, hyphens and apostrophes; nothing gives an empty key', () => {
    expect(phoneticKey("O'Connor")).toBe(phoneticKey('OCONNOR'));
    expect(phoneticKey('Zoë')).toBe(phoneticKey('ZOE'));
    expect(phoneticKey("-'")).toBe('');
  });
});
