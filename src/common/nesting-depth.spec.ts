import { jsonNestsTooDeep, xmlNestsTooDeep } from './nesting-depth';

describe('nesting depth, counted without recursion', () => {
  it('counts JSON arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(jsonNestsTooDeep('[[[]]]', 3)).toBe(false);
    expect(jsonNestsTooDeep('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsTooDeep('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestsTooDeep(`["${'[{'.repeat(10)}"]`, 3)).toBe(false);
    expect(jsonNestsTooDeep(`["\\"${'['.repeat(10)}"]`, 3)).toBe(false);
    expect(jsonNestsTooDeep('[1],[2],[3],[4]', 1)).toBe(false);
    expect(jsonNestsTooDeep('['.repeat(100_000), 64)).toBe(true);
  });

  it('counts XML elements, not comments, CDATA, declarations, quoted ">" or empty elements', () => {
    expect(xmlNestsTooDeep('<?xml version="1.0"?><a><b><c/></b></a>', 2)).toBe(false);
    expect(xmlNestsTooDeep('<a><b><c></c></b></a>', 2)).toBe(true);
    expect(xmlNestsTooDeep(`<a><!-- ${'<x>'.repeat(10)} --><![CDATA[${'<y>'.repeat(10)}]]><b x="/>"></b></a>`, 2)).toBe(
      false,
    );
    expect(xmlNestsTooDeep('<a x="1>2"><b/><b/><b/></a>', 1)).toBe(false);
    expect(xmlNestsTooDeep('<a>'.repeat(100_000), 64)).toBe(true);
  });
});
