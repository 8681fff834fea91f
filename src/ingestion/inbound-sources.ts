import type { OpenAPIObject } from '@nestjs/swagger';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_KINDS } from '../auth/agency';
import { PROVENANCE_KINDS } from '../canonical/provenance';
import type { DtoSchemas } from '../common/openapi/dto-schema';
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

/**
 * Writes `POST /v1/inbound/{source}`, one Nest route, as one operation per registered source
 * (`/v1/inbound/court-outcomes`, ...), each with its body's schema generated from the DTO that
 * validates it and the source's example messages: what an integrator's client is generated from.
 */
export function describeInboundSources(
  document: OpenAPIObject,
  adapters: readonly InboundAdapter[],
  dtoSchemas: DtoSchemas,
): void {
  const operation = document.paths[INBOUND_PATH]?.post;
  if (!operation) return;
  delete document.paths[INBOUND_PATH];
  for (const adapter of adapters) {
    const prefix = pascalCase(adapter.name);
    const body = dtoSchemas.refTo(adapter.wire.dto, prefix);
    if (adapter.wire.xmlRoot) {
      const root = dtoSchemas.schemas[body.$ref!.split('/').pop()!];
      root.xml = { ...adapter.wire.xmlRoot };
    }
    const examples = exampleMessages(adapter.wire.examples);
    document.paths[`/v1/inbound/${adapter.name}`] = {
      post: {
        ...operation,
        operationId: `postInbound${prefix}`,
        summary: `Push a ${adapter.name} message (${adapter.agencyKind} agencies; docs/contracts/${adapter.name}.md)`,
        parameters: (operation.parameters ?? []).filter((p) => !('name' in p && p.name === 'source')),
        requestBody: {
          required: true,
          content: Object.fromEntries(
            adapter.contentTypes.map((type) => {
              const shown = examples.filter((e) => e.xml === type.endsWith('xml'));
              const named = Object.fromEntries(shown.map((e) => [e.name, { value: e.value }]));
              return [type, { schema: body, ...(shown.length ? { examples: named } : {}) }];
            }),
          ),
        },
      },
    };
  }
}

/** The example messages shipped with an adapter; none where they are not deployed (the image). */
function exampleMessages(folder: string): { name: string; xml: boolean; value: unknown }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.(json|xml)$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      const xml = file.endsWith('.xml');
      return { name: file.replace(/\.(json|xml)$/, ''), xml, value: xml ? text : JSON.parse(text) };
    });
}

const pascalCase = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase());
