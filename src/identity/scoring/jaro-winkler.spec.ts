import { jaroWinkler } from './jaro-winkler';

describe('jaroWinkler', () => {
  const close = (a: string, b: string) => Math.round(jaroWinkler(a, b) * 1000) / 1000;

  it('gives the published reference values', () => {
    // Winkler (1990) and the usual textbook pairs.
    expect(close('MARTHA', 'MARHTA')).toBe(0.961);
    expect(close('DWAYNE', 'DUANE')).toBe(0.84);
    expect(close('DIXON', 'DICKSONX')).toBe(0.813);
  });

  it('is 1 for equal names and 0 for nothing in common or an empty side', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'SMITH')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('is symmetric and rewards a shared prefix over a shared suffix', () => {
    expect(jaroWinkler('JONATHAN', 'JONATHON')).toBeCloseTo(jaroWinkler('JONATHON', 'JONATHAN'), 10);
    expect(jaroWinkler('JOHNSON', 'JOHNSEN')).toBeGreaterThan(jaroWinkler('JOHNSON', 'XOHNSON'));
  });
});
