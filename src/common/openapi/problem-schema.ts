import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CATALOGUE, PROBLEM_CODES, problemType } from '../problem-catalogue';
import { namedSchema } from './named-schemas';

/** RFC 9457 problem details as the hub answers every error (src/common/problem.ts), by the catalogue. */
export const PROBLEM = namedSchema('Problem', {
  type: 'object',
  description:
    'RFC 9457 problem details (application/problem+json). `type` names the page of its code; other members ' +
    '(e.g. mergedInto on a 301) extend it. Codes: ' +
    PROBLEM_CODES.map((code) => `${problemType(code)} (${PROBLEM_CATALOGUE[code].status})`).join(', '),
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', enum: PROBLEM_CODES.map(problemType), description: 'A page on this hub: GET it' },
    title: { type: 'string', description: 'The same for every occurrence of the code' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    detail: { type: 'string', description: 'What happened this time; never personal data' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Every offending field, for validation failures',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: {
            type: 'string',
            description: 'Dotted, [i] for array items: offences[0].finding; for XML element names',
          },
          message: { type: 'string' },
        },
      },
    },
  },
});

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The body of an error response: a Problem (every 4xx and 5xx of the document gets one). */
export const problemContent = () => ({ [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM } });

/** Error answers of an operation, each a Problem: a status, or a status with what it means here. */
export const ApiProblems = (...answers: (number | [number, string])[]) =>
  applyDecorators(
    ...answers.map((answer) => {
      const [status, description] = typeof answer === 'number' ? [answer, defaultDescription(answer)] : answer;
      return ApiResponse({ status, description, content: problemContent() });
    }),
  );

/** The catalogue's titles of a status, when the operation does not say more. */
export function defaultDescription(status: number): string {
  const titles = PROBLEM_CODES.filter((c) => PROBLEM_CATALOGUE[c].status === status).map(
    (c) => PROBLEM_CATALOGUE[c].title,
  );
  return titles.length ? titles.join('; ') : `Problem ${status}`;
}
