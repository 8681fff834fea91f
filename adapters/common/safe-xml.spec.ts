import { parseUntrustedXml } from './safe-xml';

const text = (xml: string): unknown => {
  const parsed = parseUntrustedXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return (parsed.document.R as Record<string, unknown>).T;
};

describe('parseUntrustedXml', () => {
  it.each([
    ['&apos;', 'O&apos;Brien', "O'Brien"],
    ['&amp; &lt; &gt; &quot;', 'a &amp; b &lt; c &gt; d &quot;e&quot;', 'a & b < c > d "e"'],
    ['a decimal reference', 'O&#39;Brien', "O'Brien"],
    ['a hex reference', 'O&#x27;Brien', "O'Brien"],
    ['a non-ASCII reference', 'Ren&#xE9;e', 'Renée'],
    ['an escaped escape (decoded once, not twice)', 'a&amp;lt;b', 'a&lt;b'],
  ])('decodes %s in text', (_name, raw, expected) => {
    expect(text(`<R><T>${raw}</T></R>`)).toBe(expected);
  });

  it('leaves HTML-only names (not XML) as written', () => {
    expect(text('<R><T>a&nbsp;b</T></R>')).toBe('a&nbsp;b');
  });

  it.each([
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><R><T>&e;</T></R>',
    ],
    [
      'a billion laughs',
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><R><T>&b;</T></R>',
    ],
    ['a lower-case doctype', '<!doctype r><R><T>x</T></R>'],
    ['an entity declaration without a doctype', '<R><!ENTITY e "x"><T>&e;</T></R>'],
  ])('refuses %s before parsing', (_name, xml) => {
    expect(parseUntrustedXml(xml)).toEqual({ ok: false, reason: 'DOCTYPE and entity declarations are refused' });
  });

  it('refuses a raw NUL character (not an XML character)', () => {
    expect(parseUntrustedXml('<R><T>a\0b</T></R>')).toEqual({
      ok: false,
      reason: 'the NUL character is not allowed in XML',
    });
  });

  it('leaves a reference to a character XML does not allow (&#0;) as written', () => {
    expect(text('<R><T>a&#0;b</T></R>')).toBe('a&#0;b');
  });

  it('refuses malformed XML with the line', () => {
    const parsed = parseUntrustedXml('<R>\n<T>x</R>');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^malformed XML at line 2/);
  });
});
