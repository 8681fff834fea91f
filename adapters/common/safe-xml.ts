import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_NESTING_DEPTH, xmlNestsTooDeep } from '../../src/common/nesting-depth';
import { maskText } from '../../src/common/quarantine-masking';
import { xmlTextDecoder } from './xml-text-decoder';

/**
 * XML from outside, read safely: any DOCTYPE or entity declaration is refused before parsing
 * (no declared entity can exist, internal or external: no billion laughs, no XXE), then the
 * document must be well-formed. What XML itself defines is still decoded in text: the five
 * predefined entities (&amp; &lt; &gt; &quot; &apos;) and numeric character references, so
 * O&apos;Brien arrives as O'Brien. HTML names such as &nbsp; are not XML and stay as written.
 * Element text stays text; namespace prefixes are dropped.
 */
export function parseUntrustedXml(
  text: string,
): { ok: true; document: Record<string, unknown> } | { ok: false; reason: string } {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    return { ok: false, reason: 'DOCTYPE and entity declarations are refused' };
  // Not an XML character anywhere (XML 1.0 Char), and PostgreSQL could not store it.
  if (text.includes('\0')) return { ok: false, reason: 'the NUL character is not allowed in XML' };
  // The parser itself throws on deep nesting (a 500): refuse it first, without recursion.
  if (xmlNestsTooDeep(text)) return { ok: false, reason: `elements nested deeper than ${MAX_NESTING_DEPTH} levels` };
  const valid = XMLValidator.validate(text);
  // The parser's message quotes the document's own names ('Closing tag 'x' is expected'): masked (api.md: no echo).
  if (valid !== true)
    return {
      ok: false,
      reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg.replace(/'[^']*'/g, maskText)}`,
    };
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: true,
    entityDecoder: xmlTextDecoder,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const document = parser.parse(text) as Record<string, unknown>;
  return { ok: true, document };
}
