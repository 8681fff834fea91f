import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultDescription, problemContent } from './problem-schema';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = NonNullable<Operation['parameters']>[number];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Headers OpenAPI describes elsewhere (media types, security): never parameters. */
const NOT_PARAMETERS = new Set(['content-type', 'accept', 'authorization']);

/**
 * What every operation of the document shares, made true of each: an error (or merged-subject
 * redirect) answer's body is a Problem; a token-protected operation may answer 401 and 403; a header is listed once (Nest lists
 * a `@Headers()` argument beside its `@ApiHeader`, which is the one that describes it).
 */
export function tidyOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (operation.parameters) operation.parameters = headersOnce(operation.parameters);
      if (operation.security?.length) {
        operation.responses[401] ??= { description: defaultDescription(401) };
        operation.responses[403] ??= { description: defaultDescription(403) };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 300 && status !== '304' && response && 'description' in response && !response.content)
          response.content = problemContent();
      }
    }
  }
}

function headersOnce(parameters: Parameter[]): Parameter[] {
  const described = new Map<string, Parameter>();
  for (const p of parameters) {
    if (!('in' in p) || p.in !== 'header') continue;
    const key = p.name.toLowerCase();
    const seen = described.get(key);
    if (!seen || (!('description' in seen && seen.description) && p.description)) described.set(key, p);
  }
  return parameters.filter((p) => {
    if (!('in' in p) || p.in !== 'header') return true;
    const key = p.name.toLowerCase();
    return !NOT_PARAMETERS.has(key) && described.get(key) === p;
  });
}
