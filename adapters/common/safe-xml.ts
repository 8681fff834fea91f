import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * XML from outside, read safely: any DOCTYPE or entity declaration is refused before parsing
 * (no entity is ever expanded, internal or external: no billion laughs, no XXE), then the
 * document must be well-formed. Element text stays text; namespaces prefixes are dropped.
 */
export function parseUntrustedXml(text: string): { ok: true; document: Record<string, unknown> } | { ok: false; reason: string } {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return { ok: false, reason: 'DOCTYPE and entity declarations are refused' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg}` };
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    processEntities: false,
    htmlEntities: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const document = parser.parse(text) as Record<string, unknown>;
  return { ok: true, document };
}
