import { namedSchema } from '../common/openapi/named-schemas';

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
