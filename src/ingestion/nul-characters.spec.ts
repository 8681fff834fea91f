import { nulCharacterErrors } from './nul-characters';

describe('nulCharacterErrors', () => {
  it('names each string holding U+0000 by its path', () => {
    const body = JSON.parse('{"a":"ok","b":{"c":"x\\u0000y"},"d":[{"e":"fine"},{"e":"\\u0000"}],"f":["\\u0000"]}');
    expect(nulCharacterErrors(body).map((e) => e.path)).toEqual(['b.c', 'd[1].e', 'f[0]']);
  });

  it('names the object holding a property name with U+0000', () => {
    expect(nulCharacterErrors(JSON.parse('{"a":{"b\\u0000":1}}'))).toEqual([
      { path: 'a', message: expect.stringMatching(/property name/) },
    ]);
  });

  it('finds nothing in a clean body, numbers, booleans or null', () => {
    expect(nulCharacterErrors({ a: 'x', b: [1, true, null], c: { d: 'O\u2019Brien' } })).toEqual([]);
  });
});
