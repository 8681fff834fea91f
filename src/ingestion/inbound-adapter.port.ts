import type { AgencyKind } from '../auth/agency';
import type { CanonicalCommand } from '../canonical/commands';
import type { ProvenanceKind } from '../canonical/provenance';
import type { FieldError } from '../common/problem';

/** What the adapter knows about the sender while mapping (no I/O). */
export interface InboundContext {
  agencyId: string;
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
  /** `body` is the parsed JSON value, or the text for XML formats. */
  parse(body: unknown, context: InboundContext): InboundParseResult;
}

export const INBOUND_ADAPTERS = Symbol('INBOUND_ADAPTERS');
