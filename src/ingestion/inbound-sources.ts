import type { OpenAPIObject } from '@nestjs/swagger';
import { AGENCY_KINDS } from '../auth/agency';
import { PROVENANCE_KINDS } from '../canonical/provenance';
import type { InboundAdapter } from './inbound-adapter.port';

export const INBOUND_PATH = '/v1/inbound/{source}';

/**
 * The registered adapters by their path segment. Refuses to start on two adapters with one
 * name, or one whose agency or provenance kind is not the hub's (a fact must never be
 * labelled with another channel's kind).
 */
export function inboundAdaptersByName(adapters: readonly InboundAdapter[]): Map<string, InboundAdapter> {
  const byName = new Map<string, InboundAdapter>();
  for (const a of adapters) {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(a.name))
      throw new Error(`Inbound adapter name '${a.name}' is not a path segment`);
    if (byName.has(a.name)) throw new Error(`Two inbound adapters are called '${a.name}'`);
    if (!AGENCY_KINDS.includes(a.agencyKind)) throw new Error(`Inbound adapter '${a.name}' declares no agency kind`);
    if (!PROVENANCE_KINDS.includes(a.provenanceKind))
      throw new Error(`Inbound adapter '${a.name}' declares no provenance kind`);
    byName.set(a.name, a);
  }
  return byName;
}

/** Lists the registered sources in the OpenAPI document, where the route's decorators cannot know them. */
export function describeInboundSources(document: OpenAPIObject, adapters: readonly InboundAdapter[]): void {
  const operation = document.paths[INBOUND_PATH]?.post;
  if (!operation) return;
  const names = adapters.map((a) => a.name);
  operation.summary = `Push a message in the agency's own format (${names.join(', ')})`;
  for (const p of operation.parameters ?? []) {
    if ('name' in p && p.name === 'source' && p.in === 'path') p.schema = { type: 'string', enum: names };
  }
}
