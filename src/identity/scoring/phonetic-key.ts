/**
 * A short sound-alike key for a name, in the spirit of Metaphone: spellings that sound the
 * same (MOHAMMED, MUHAMMAD, MOHAMAD; PHILIP, FILIPP; KATHRYN, CATHRINE) share a key. Used to
 * block candidates and as one level of the name comparison. Vowels after the first letter are
 * dropped, so it is deliberately coarse.
 */
export function phoneticKey(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  if (!s) return '';
  s = s
    .replace(/^(KN|GN|PN|WR|PS)/, (m) => m[1])
    .replace(/^WH/, 'W')
    .replace(/^X/, 'S');
  const rules: [RegExp, string][] = [
    [/SCH/g, 'SK'],
    [/TCH/g, 'CH'],
    [/(SH|CH|SZ|CZ)/g, 'X'],
    [/PH/g, 'F'],
    [/KH/g, 'K'],
    [/TH/g, 'T'],
    [/DG/g, 'J'],
    [/CK/g, 'K'],
    [/GH(?![AEIOU])/g, ''],
    [/C(?=[EIY])/g, 'S'],
    [/G(?=[EIY])/g, 'J'],
    [/[CQ]/g, 'K'],
    [/Z/g, 'S'],
    [/V/g, 'F'],
    [/D/g, 'T'],
    [/B/g, 'P'],
    [/([^AEIOU])[HWY]/g, '$1'],
    [/[HWY](?![AEIOU])/g, ''],
  ];
  for (const [pattern, replacement] of rules) s = s.replace(pattern, replacement);
  // A leading vowel is kept as A (so ANNA and EMMA differ from NINA); later vowels go.
  const head = /^[AEIOU]/.test(s) ? 'A' : (s[0] ?? '');
  const tail = s.slice(1).replace(/[AEIOUHWY]/g, '');
  return (head + tail).replace(/(.)\1+/g, '$1').slice(0, 6);
}
