import { getMetadataStorage } from 'class-validator';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ProblemDetails } from './problem';
import { jsonNestsTooDeep, xmlNestsTooDeep } from './nesting-depth';

/**
 * What operators see of a quarantined message: enough structure to see why it was refused,
 * none of its personal data (security review item 12). The raw message itself is kept as sent;
 * only its views are masked. Masking works on the parsed tree: every JSON value, XML text,
 * attribute value, comment and CDATA section is hidden, and a key or element name is shown only
 * when it is a field name of the hub's own formats (an agency can put a name in a key too).
 * A body that does not parse as what it claims to be is masked whole.
 */

const HIDDEN = '•••';
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/gu;

/** Every letter and digit of any script (and combining marks) masked; punctuation kept. */
export function maskText(text: string): string {
  return text.replace(LETTER_OR_DIGIT, '•');
}

let known: { size: number; names: ReadonlySet<string> } | undefined;

/**
 * The field names of the hub's own formats: every property a DTO validates, which is what the
 * formats (JSON keys, XML element names) are made of. Read from class-validator's registry, so
 * a new field is known as soon as its DTO is; recomputed when a DTO class is registered later.
 */
function knownNames(): ReadonlySet<string> {
  // The registry has no public listing; its map of targets is stable across class-validator 0.14-0.15.
  const registry = (
    getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { propertyName: string }[]> }
  ).validationMetadatas;
  if (known?.size !== registry.size) {
    const names = new Set<string>();
    for (const metadatas of registry.values()) for (const m of metadatas) names.add(m.propertyName);
    known = { size: registry.size, names };
  }
  return known.names;
}

/** A key, element or attribute name: shown when the formats define it, masked otherwise. */
function maskName(name: string): string {
  const local = name.includes(':') ? name.slice(name.lastIndexOf(':') + 1) : name;
  return knownNames().has(local) ? name : maskText(name);
}

/** The body as operators see it by default. */
export function maskMessageBody(body: string, contentType: string | null): string {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return maskJsonText(body) ?? maskText(body);
  if (type.includes('xml')) return maskXmlText(body) ?? maskText(body);
  return maskText(body);
}

function maskJsonText(body: string): string | undefined {
  if (jsonNestsTooDeep(body)) return undefined;
  try {
    return JSON.stringify(maskJson(JSON.parse(body)), null, 2);
  } catch {
    return undefined;
  }
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Two names masked alike must not hide each other; defineProperty so `__proto__` is a plain key.
      let name = maskName(key);
      for (let n = 2; Object.hasOwn(out, name); n++) name = `${maskName(key)} (${n})`;
      Object.defineProperty(out, name, { value: maskJson(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (typeof value === 'string') return HIDDEN;
  if (typeof value === 'number') return 0;
  return value;
}

const XML_TREE = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: false,
  ignorePiTags: false,
} as const;

function maskXmlText(body: string): string | undefined {
  // Never parse what the hub refuses to parse (entities, too deep): mask it as text.
  if (
    /<!DOCTYPE|<!ENTITY/i.test(body) ||
    body.includes('\0') ||
    xmlNestsTooDeep(body) ||
    XMLValidator.validate(body) !== true
  )
    return undefined;
  try {
    const tree = new XMLParser(XML_TREE).parse(body) as XmlNode[];
    return new XMLBuilder({ ...XML_TREE, suppressEmptyNode: true }).build(tree.map(maskXmlNode));
  } catch {
    return undefined;
  }
}

type XmlNode = Record<string, unknown>;

function maskXmlNode(node: XmlNode): XmlNode {
  const out: XmlNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '#text') out[key] = typeof value === 'string' && value.trim() ? HIDDEN : value;
    else if (key === '#comment' || key === '#cdata') out[key] = [{ '#text': HIDDEN }];
    else if (key.startsWith('?'))
      out[key] = value; // the XML declaration or a processing instruction
    else if (key === ':@')
      out[key] = Object.keys(node).some((k) => k.startsWith('?'))
        ? value
        : maskAttributes(value as Record<string, string>);
    else out[maskName(key)] = (value as XmlNode[]).map(maskXmlNode);
  }
  return out;
}

function maskAttributes(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [`@_${maskName(name.slice(2))}`, value === '' ? '' : HIDDEN]),
  );
}

/**
 * The reason kept with a quarantined message, as operators see it: the problem the agency was
 * answered with, its error paths with every name the formats do not define masked (a path is
 * made of the agency's own keys). Messages are the hub's own words and never quote a value.
 */
export function maskProblem(problem: ProblemDetails): ProblemDetails {
  if (!problem.errors) return problem;
  return { ...problem, errors: problem.errors.map((e) => ({ ...e, path: maskPath(e.path) })) };
}

function maskPath(path: string): string {
  return path.replace(/[^.[\]]+/g, (segment) => (/^\d+$/.test(segment) ? segment : maskName(segment)));
}
