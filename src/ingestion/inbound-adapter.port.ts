import type { AgencyKind } from '../auth/agency';
import type { CanonicalCommand } from '../canonical/commands';
import type { ProvenanceKind } from '../canonical/provenance';
import type { FieldError } from '../common/problem';

/** What the adapter knows about the sender while mapping (no I/O). */
export interface InboundContext {
  agencyId: string;
  /** The sender's areas (a MAPPA unit may only send minutes of an area it serves). */
  agencyAreas?: readonly string[];
  /** Every agency id the hub knows (a minute's attendees and owners must be among them). */
  knownAgencies?: ReadonlySet<string>;
}

export type InboundParseResult =
  | { ok: true; sourceMessageId: string; commands: CanonicalCommand[] }
  | { ok: false; errors: FieldError[] }
  /** Not well-formed, or refused before reading (e.g. XML with a DOCTYPE): 400, quarantined. */
  | { ok: false; unreadable: string };

/**
 * The inbound port: each agency format implements it in adapters/inbound/<source>. It turns
 * the source's own message into canonical commands, or names every bad field. Pure mapping.
 * Registered in adapters/inbound/inbound-adapter-list.ts; docs/adr/0012-adding-an-inbound-source.md.
 */
export interface InboundAdapter {
  /** The path segment under /v1/inbound/. */
  readonly name: string;
  /** The only kind of agency that may push through this adapter (api.md). */
  readonly agencyKind: AgencyKind;
  /** The statutory channel every fact it carries is labelled with (agreements may withhold by it). */
  readonly provenanceKind: ProvenanceKind;
  /** Media types accepted, without parameters. */
  readonly contentTypes: string[];
  /** The body as /openapi.json describes it (inbound-sources.ts). */
  readonly wire: InboundWire;
  /** `body` is the parsed JSON value, or the text for XML formats. */
  parse(body: unknown, context: InboundContext): InboundParseResult;
  /**
   * For a format carrying text that must never leave the hub (a MAPPA minute's victim section):
   * the body to keep as the message (shown to operators, masked or revealed), with that text
   * taken out; null when there is none. The message exactly as sent is then kept apart
   * (victim_sections), where nothing reads it. `body` is as for parse, or null when it could not be read.
   */
  withhold?(body: unknown, raw: Buffer): Buffer | null;
}

/** What an integrator's client is generated from: one source of truth, the DTO that validates the body. */
export interface InboundWire {
  /** The class-validator DTO parse() reads the body into; its schema is generated from its decorators. */
  readonly dto: abstract new (...args: never[]) => object;
  /** For an XML format, the root element the DTO is the content of. */
  readonly xmlRoot?: { readonly name: string; readonly namespace?: string };
  /** The folder (from the working directory) of example messages shown with the operation. */
  readonly examples: string;
}

export const INBOUND_ADAPTERS = Symbol('INBOUND_ADAPTERS');
