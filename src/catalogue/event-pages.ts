import { EVENT_DOCS_PATH, SEQUENCE_DIGITS, eventSchemaPath } from '../canonical/cloud-event';
import { EVENT_TYPES, HUB_EVENT_TYPES, type EventType, type HubEventType } from '../canonical/event-types';
import { eventDescriptions, type EventDescription, type JsonSchema } from './asyncapi-document';
import { escape, page } from './html-page';

// `GET /docs/events`: the event catalogue for people, written from the same entries as /asyncapi.yaml.

/** How deep nested properties are listed; below that the per-type JSON Schema has the rest. */
const MAX_DEPTH = 4;

const refName = (schema: JsonSchema) =>
  typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;

/** The schema with its `$ref` followed and its `allOf` parts merged (enough to list fields). */
function flatten(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
  const name = refName(schema);
  if (name)
    return flatten({ ...schemas[name], ...(schema.description ? { description: schema.description } : {}) }, schemas);
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as JsonSchema[]).map((s) => flatten(s, schemas));
  const merged: JsonSchema = { ...schema, allOf: undefined };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties') merged.properties = { ...(merged.properties as object), ...(value as object) };
      else if (key === 'required') merged.required = [...((merged.required as string[]) ?? []), ...(value as string[])];
      else if (key === 'description') merged.description ??= value;
      else merged[key] ??= value;
    }
  }
  return merged;
}

const anchor = (name: string) => `type-${name}`;
const link = (name: string) => `<a href="#${escape(anchor(name))}">${escape(name)}</a>`;

/** A property's type as HTML: a shared type is a link to its own section. */
function typeOf(schema: JsonSchema): string {
  const name = refName(schema);
  if (name) return link(name);
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as JsonSchema[]).map(typeOf).join(' or ');
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return typeOf(schema.allOf[0] as JsonSchema);
  if (schema.const !== undefined) return escape(JSON.stringify(schema.const));
  if (Array.isArray(schema.enum)) return escape((schema.enum as unknown[]).map((v) => String(v)).join(' | '));
  if (schema.type === 'array') return `array of ${typeOf((schema.items as JsonSchema) ?? {})}`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return escape(typeof schema.type === 'string' ? `${schema.type}${format}` : 'object');
}

/** The inline object whose properties a field lists beneath it; a shared type is listed once, in its own section. */
function nested(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema | undefined {
  if (refName(schema)) return undefined;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && refName(schema.allOf[0] as JsonSchema))
    return undefined;
  const flat = flatten(schema, schemas);
  if (flat.properties) return flat;
  if (flat.type === 'array' && flat.items) return nested(flat.items as JsonSchema, schemas);
  if (Array.isArray(flat.oneOf)) {
    const objects = (flat.oneOf as JsonSchema[]).map((s) => nested(s, schemas)).filter(Boolean);
    return objects.length === 1 ? objects[0] : undefined;
  }
  return undefined;
}

function fields(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth: number): string {
  const flat = flatten(schema, schemas);
  const properties = (flat.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((flat.required as string[] | undefined) ?? []);
  const items = Object.entries(properties).map(([name, property]) => {
    const paths = (property['x-field-paths'] ??
      (property['x-field-path'] ? [property['x-field-path']] : [])) as string[];
    const description =
      property.description ?? (refName(property) ? undefined : flatten(property, schemas).description);
    const inner = depth < MAX_DEPTH ? nested(property, schemas) : undefined;
    return `<li><code>${escape(name)}</code>${required.has(name) ? ' (always)' : ''}: ${typeOf(property)}${
      paths.length ? `; field path ${paths.map((p) => `<code>${escape(p)}</code>`).join(', ')}` : ''
    }${typeof description === 'string' ? `. ${escape(description)}` : ''}${inner ? fields(inner, schemas, depth + 1) : ''}</li>`;
  });
  return items.length ? `\n<ul>\n${items.join('\n')}\n</ul>` : '';
}

/** Every shared type the events' data use, each listed once. */
function sharedTypes(events: EventDescription[]): string[] {
  const schemas = events[0].schemas;
  const found = new Set<string>();
  const pending: unknown[] = events.map((e) => e.data);
  while (pending.length) {
    for (const [, name] of JSON.stringify(pending.pop()).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      if (found.has(name)) continue;
      found.add(name);
      pending.push(schemas[name]);
    }
  }
  return [...found].sort();
}

function sharedSection(name: string, schemas: Record<string, JsonSchema>): string {
  const schema = flatten(schemas[name], schemas);
  const list = fields(schema, schemas, 1);
  return `<section id="${escape(anchor(name))}">
<h3>${escape(name)}</h3>
<p>${typeof schema.description === 'string' ? escape(schema.description) : typeOf(schema)}</p>${list}
</section>`;
}

function section(e: EventDescription): string {
  return `<section id="${escape(e.type)}">
<h2><code>${escape(e.type)}</code></h2>
<p>${escape(e.summary)}</p>
<dl>
<dt>Who gets it</dt><dd>${escape(e.audience)}</dd>
<dt>Raised by</dt><dd>${escape(e.raisedBy)}</dd>
<dt>Schema of <code>data</code></dt><dd><a href="${escape(eventSchemaPath(e.type))}">${escape(eventSchemaPath(e.type))}</a> (the CloudEvent's <code>dataschema</code>)</dd>
</dl>
${e.notes ? `<p>${escape(e.notes)}</p>\n` : ''}<h3>Fields of <code>data</code></h3>
<p>Each is present only when the agreement relied on allows its field path.</p>${fields(e.data, e.schemas, 1)}
<details><summary>Example</summary>
<pre><code>${escape(JSON.stringify(e.example, null, 2))}</code></pre>
</details>
</section>`;
}

let cached: string | undefined;

export function eventCataloguePage(): string {
  const events = eventDescriptions();
  const schemas = events[0].schemas;
  cached ??= page(
    'Events the hub publishes',
    `<main>
<h1>Events the hub publishes</h1>
<p>Each event is a CloudEvents 1.0 structured event about one subject, pushed to a webhook (signed, Standard Webhooks headers) or read from <code>GET /v1/feed</code>. Its <code>data</code> is projected: it holds only what the data-sharing agreement relied on allows, so every field may be absent. The machine-readable catalogue is <a href="/asyncapi.yaml">/asyncapi.yaml</a> (AsyncAPI 3).</p>
<nav><h2>Event types</h2>
<ul>
${EVENT_TYPES.map((t) => `<li><a href="#${escape(t)}"><code>${escape(t)}</code></a></li>`).join('\n')}
</ul>
</nav>
<section id="envelope">
<h2>The envelope</h2>
<p>Every event, of every type, has these attributes. <code>sequence</code> is a ${SEQUENCE_DIGITS}-digit zero-padded decimal string: compare it as text.</p>${fields(schemas.CloudEvent, schemas, 1)}
</section>
${events.map(section).join('\n')}
<h2>Shared types</h2>
${sharedTypes(events)
  .map((name) => sharedSection(name, schemas))
  .join('\n')}
</main>`,
  );
  return cached;
}

export function eventTypeOfSchemaFile(file: string): EventType | HubEventType | undefined {
  return [...EVENT_TYPES, ...HUB_EVENT_TYPES].find((t) => `${EVENT_DOCS_PATH}/${file}` === eventSchemaPath(t));
}
