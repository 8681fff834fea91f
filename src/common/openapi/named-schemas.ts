import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from './dto-schema';

const NAMED = new Map<string, SchemaObject>();

/**
 * A shape the API answers with, by name in the document's components (so a generated client
 * has a type called so); returns the `$ref` that responses and other schemas point at.
 */
export function namedSchema(name: string, schema: SchemaObject): SchemaObject {
  const known = NAMED.get(name);
  if (known && known !== schema) throw new Error(`Two OpenAPI schemas are called ${name}`);
  NAMED.set(name, schema);
  return schemaRef(name);
}

export const schemaRef = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

/** Adds every named schema to the document, refusing one that a DTO's schema already took. */
export function addNamedSchemas(document: OpenAPIObject): void {
  const schemas = ((document.components ??= {}).schemas ??= {});
  for (const [name, schema] of NAMED) {
    if (name in schemas) throw new Error(`Two OpenAPI schemas are called ${name}`);
    schemas[name] = schema;
  }
}

/** The paging envelope of every list: a page of items, and the cursor of the next (null after the last). */
export function pageOf(item: SchemaObject, description?: string): SchemaObject {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: ['items'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last' },
    },
  };
}

/** An object of the properties listed (more may come: answers only grow), required ones named. */
export function objectOf(
  description: string,
  properties: Record<string, SchemaObject>,
  required: string[] = [],
): SchemaObject {
  return { type: 'object', description, properties, ...(required.length ? { required } : {}) };
}

export const text = (description?: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
export const nullableText = (description?: string): SchemaObject => ({ ...text(description), nullable: true });
export const listOf = (items: SchemaObject, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** A record the hub projects or reports, its fields as docs/contracts give them. */
export const anyObject = (description: string): SchemaObject => ({ type: 'object', description });
