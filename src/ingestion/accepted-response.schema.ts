import { namedSchema } from '../common/openapi/named-schemas';
import { IDENTITY_DECISIONS } from './dry-run-outcome';

/** AcceptedResponse (ingestion.service.ts) as /openapi.json gives it: every inbound source's 202. */
export const ACCEPTED_RESPONSE = namedSchema('InboundAccepted', {
  type: 'object',
  required: ['messageId', 'status', 'subjectIds', 'events'],
  properties: {
    messageId: { type: 'string', format: 'uuid', description: "The hub's id of the message, as kept" },
    status: { type: 'string', enum: ['accepted'] },
    subjectIds: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'The subjects it is about' },
    events: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'The events it raised' },
  },
});

const DEADLINE_STATUS = { type: 'string' as const, description: 'The deadline’s status (deadlines.md)' };

/** DryRunAnswer (dry-run-outcome.ts): the 200 of `?dryRun=true`, what a real post would do, none of it kept. */
export const DRY_RUN_ANSWER = namedSchema('InboundDryRun', {
  type: 'object',
  required: ['valid', 'dryRun', 'source', 'sourceMessageId', 'idempotencyKey', 'subjects', 'events'],
  properties: {
    valid: { type: 'boolean', enum: [true] },
    dryRun: { type: 'boolean', enum: [true] },
    source: { type: 'string' },
    sourceMessageId: { type: 'string' },
    idempotencyKey: { type: 'string', enum: ['unused', 'replays'] },
    subjects: {
      type: 'array',
      items: {
        type: 'object',
        required: ['subjectId', 'identity', 'events', 'deadlines', 'watchlist'],
        properties: {
          subjectId: {
            type: 'string',
            format: 'uuid',
            nullable: true,
            description: 'Null when a post would create one',
          },
          identity: {
            type: 'object',
            required: ['decision', 'basis'],
            properties: {
              decision: { type: 'string', enum: [...IDENTITY_DECISIONS] },
              basis: { type: 'string' },
              score: { type: 'number' },
            },
          },
          events: { type: 'array', items: { type: 'string' } },
          deadlines: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: { type: 'string' },
                ref: { type: 'string' },
                dueOn: { type: 'string', format: 'date' },
                status: DEADLINE_STATUS,
                provisional: { type: 'boolean' },
                description: { type: 'string' },
                change: { type: 'string', enum: ['new', 'changed'] },
                was: {
                  type: 'object',
                  properties: { dueOn: { type: 'string', format: 'date' }, status: DEADLINE_STATUS },
                },
              },
            },
          },
          watchlist: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                orderRef: { type: 'string' },
                action: { type: 'string', enum: ['lodge', 'withdraw', 'relodge'] },
              },
            },
          },
        },
      },
    },
    events: { type: 'array', items: { type: 'string' } },
  },
});
