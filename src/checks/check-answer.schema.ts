import { anyObject, listOf, namedSchema, nullableText, objectOf, text } from '../common/openapi/named-schemas';

const SOURCES = { type: 'string' as const, enum: ['hub', 'pnc'] };

/** A check's answer (api.md, "Checks") as /openapi.json gives it. */
export const CHECK_RESULT = namedSchema(
  'CheckResult',
  objectOf(
    'The people the hub and the PNC-like upstream found; an unreachable upstream degrades the answer',
    {
      checkId: text(undefined, { format: 'uuid' }),
      outcome: text(undefined, { enum: ['NO_TRACE', 'POSSIBLE_MATCH', 'MATCH'] }),
      matches: listOf(
        objectOf(
          '',
          {
            subjectId: nullableText('Null for a person only the PNC knows'),
            pncId: text(),
            confidence: { type: 'number', minimum: 0, maximum: 1 },
            basis: text(undefined, { enum: ['IDENTIFIER', 'SCORED'] }),
            linkable: { type: 'boolean' },
            sources: listOf(SOURCES),
            evidence: listOf(anyObject('A comparison that agreed and its weight; never the other person’s values')),
            summary: anyObject('The person, projected to what the caller may see'),
          },
          ['subjectId', 'confidence', 'sources', 'summary'],
        ),
      ),
      sources: listOf(SOURCES),
      degraded: listOf(SOURCES, 'Sources that did not answer'),
    },
    ['checkId', 'outcome', 'matches', 'sources'],
  ),
);
