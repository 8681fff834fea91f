/**
 * How deeply a body may nest. No agency format comes near it (the deepest, a court outcome,
 * nests five levels); 100 000 levels used to overflow the stack of the recursive code after
 * parsing (validation, masking, JSON.stringify) and lose the message in a 500.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Whether JSON text opens more than `limit` arrays and objects inside each other. One pass
 * over the characters, no recursion, so it is safe on any input, well-formed or not: brackets
 * inside strings do not count.
 */
export function jsonNestsTooDeep(text: string, limit = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/**
 * Whether XML text nests more than `limit` elements inside each other. One pass, no recursion:
 * comments, CDATA, processing instructions and declarations are skipped whole, quoted attribute
 * values are not read as markup, and an empty-element tag (`<a/>`) opens nothing.
 */
export function xmlNestsTooDeep(text: string, limit = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, ']]>', i + 9);
    else if (text.startsWith('<?', i)) i = skipPast(text, '?>', i + 2);
    else if (text.startsWith('<!', i)) i = skipPast(text, '>', i + 2);
    else if (text.startsWith('</', i)) {
      depth--;
      i = skipPast(text, '>', i + 2);
    } else {
      const end = endOfTag(text, i + 1);
      if (end === -1) return false;
      if (text.charCodeAt(end - 1) !== 0x2f /* / */ && ++depth > limit) return true;
      i = end + 1;
    }
    i = i === -1 ? -1 : text.indexOf('<', i);
  }
  return false;
}

function skipPast(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? -1 : at + marker.length;
}

/** The `>` closing a start tag, outside quoted attribute values; -1 if none. */
function endOfTag(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e /* > */) return i;
  }
  return -1;
}
