import type { SchemaObject as OpenApiSchema } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A schema, or a `$ref` to one. */
export type SchemaObject = OpenApiSchema & { $ref?: string };

type Dto = abstract new (...args: never[]) => object;

/**
 * JSON Schemas of a class-validator DTO and every DTO it nests, read from the same decorators
 * that validate the wire (one source of truth: the schema cannot drift from what is refused).
 * Every object refuses unknown properties, as parseWire does. A validator this does not know
 * stops the document being built: a new decorator must say what it means here.
 */
export class DtoSchemas {
  private readonly names = new Map<Dto, string>();

  /** `schemas`: the document's components, whose names are taken (a clash gets the prefix). */
  constructor(readonly schemas: Record<string, SchemaObject> = {}) {}

  /** A `$ref` to the DTO's schema, adding it (and what it nests) to `schemas`. */
  refTo(dto: Dto, clashPrefix = ''): SchemaObject {
    return { $ref: `#/components/schemas/${this.nameOf(dto, clashPrefix)}` };
  }

  private nameOf(dto: Dto, clashPrefix: string): string {
    const known = this.names.get(dto);
    if (known) return known;
    const base = dto.name.replace(/Dto$/, '');
    let name = base in this.schemas ? `${clashPrefix}${base}` : base;
    for (let i = 2; name in this.schemas; i++) name = `${clashPrefix}${base}${i}`;
    this.names.set(dto, name);
    this.schemas[name] = {}; // reserved before recursing, for self-nesting DTOs
    this.schemas[name] = this.objectSchema(dto, clashPrefix);
    return name;
  }

  private objectSchema(dto: Dto, clashPrefix: string): SchemaObject {
    const metadata: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(
      dto as never,
      '',
      true,
      false,
    );
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metadata) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    const properties: Record<string, SchemaObject> = {};
    const required: string[] = [];
    for (const [property, rules] of byProperty) {
      const { schema, isRequired } = this.propertySchema(dto, property, rules, clashPrefix);
      properties[property] = schema;
      if (isRequired) required.push(property);
    }
    return {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    };
  }

  private propertySchema(
    dto: Dto,
    property: string,
    rules: ValidationMetadata[],
    clashPrefix: string,
  ): { schema: SchemaObject; isRequired: boolean } {
    const own: SchemaObject = {};
    const item: SchemaObject = {};
    const notes: string[] = [];
    let isRequired = false;
    let isArray = false;
    for (const rule of rules) {
      if (rule.type === 'isDefined') isRequired = true;
      else if (rule.type === 'conditionalValidation') isRequired = false;
      else if (rule.type === 'nestedValidation') {
        const nested = defaultMetadataStorage.findTypeMetadata(dto as never, property);
        const type = nested?.typeFunction() as Dto | undefined;
        if (!type) throw new Error(`${dto.name}.${property} nests without @Type(() => …)`);
        Object.assign(item, this.refTo(type, clashPrefix));
      } else if (rule.type === 'customValidation' && rule.name) {
        if (rule.name === 'isArray') isArray = true;
        else applyRule(rule.each ? item : own, rule.name, rule.constraints ?? [], notes, `${dto.name}.${property}`);
      } else if (rule.type !== 'whitelistValidation') {
        throw new Error(`${dto.name}.${property}: no schema for validation ${rule.type}`);
      }
    }
    isArray ||= Reflect.getMetadata?.('design:type', dto.prototype, property) === Array;
    const description = notes.length ? { description: notes.join('; ') } : {};
    if (isArray) return { schema: { ...own, type: 'array', items: item, ...description }, isRequired };
    // A nested object is its `$ref` alone (OpenAPI 3.0 ignores siblings of `$ref`).
    if (item.$ref) return { schema: notes.length ? { allOf: [item], ...description } : item, isRequired };
    return { schema: { ...item, ...own, ...description }, isRequired };
  }
}

/** What each validator the wire DTOs use says about a value, in JSON Schema terms. */
function applyRule(schema: SchemaObject, name: string, constraints: unknown[], notes: string[], where: string): void {
  const [first] = constraints;
  switch (name) {
    case 'isString':
      schema.type = 'string';
      return;
    case 'isInt':
      schema.type = 'integer';
      return;
    case 'isNumber':
      schema.type ??= 'number';
      return;
    case 'isBoolean':
      schema.type = 'boolean';
      return;
    case 'isObject':
      schema.type ??= 'object';
      return;
    case 'isIn':
      schema.enum = [...(first as unknown[])];
      schema.type ??= typeOfValues(schema.enum);
      return;
    case 'equals':
      schema.enum = [first];
      schema.type ??= typeOfValues(schema.enum);
      return;
    case 'minLength':
      schema.minLength = first as number;
      return;
    case 'maxLength':
      schema.maxLength = first as number;
      return;
    case 'min':
      schema.minimum = first as number;
      return;
    case 'max':
      schema.maximum = first as number;
      return;
    case 'arrayMinSize':
      schema.minItems = first as number;
      return;
    case 'arrayNotEmpty':
      schema.minItems = 1;
      return;
    case 'arrayMaxSize':
      schema.maxItems = first as number;
      return;
    case 'arrayUnique':
      schema.uniqueItems = true;
      return;
    case 'matches': {
      const pattern = first instanceof RegExp ? first : new RegExp(String(first), String(constraints[1] ?? ''));
      // JSON Schema patterns have no flags: a case-insensitive one is described, not enforced.
      if (pattern.flags.replace(/[ug]/g, '')) notes.push(`matches /${pattern.source}/${pattern.flags}`);
      else schema.pattern = pattern.source;
      return;
    }
    case 'isEmail':
      schema.type = 'string';
      schema.format = 'email';
      return;
    case 'isCivilDate':
      schema.type = 'string';
      schema.format = 'date';
      return;
    case 'isRfc3339':
      schema.type = 'string';
      schema.format = 'date-time';
      return;
    case 'isNotFutureDate':
      notes.push('not after today (Europe/London)');
      return;
    case 'isNotAheadOfHubClock':
      notes.push("not more than 5 minutes ahead of the hub's clock");
      return;
    case 'isPncId':
      notes.push('a PNC id YYYY/NNNNNNNA with a correct check character');
      return;
    case 'isCroNumber':
      notes.push('a CRO number such as 123456/04L');
      return;
    default: {
      const scheme = /^is([A-Z]+)Identifier$/.exec(name);
      if (scheme) {
        notes.push(`a ${scheme[1]} identifier`);
        return;
      }
      throw new Error(`${where}: no schema for validator ${name}; say what it means in dto-schema.ts`);
    }
  }
}

function typeOfValues(values: unknown[]): 'string' | 'integer' | 'number' | undefined {
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => Number.isInteger(v))) return 'integer';
  if (values.every((v) => typeof v === 'number')) return 'number';
  return undefined;
}
