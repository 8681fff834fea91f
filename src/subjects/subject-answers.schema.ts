import { anyObject, listOf, namedSchema, nullableText, objectOf, pageOf, text } from '../common/openapi/named-schemas';

// The subject read model of api.md, as /openapi.json gives it. Fields the caller's agreements
// do not allow are absent, never null: nothing here is required but the id.

const date = (description?: string) => text(description, { format: 'date' });

export const SUBJECT_RECORD = namedSchema(
  'SubjectRecord',
  objectOf(
    "The canonical record, projected to what the caller's agreements allow (api.md)",
    {
      subjectId: text(undefined, { format: 'uuid' }),
      names: listOf(
        objectOf('', { forenames: text(), surname: text(), type: text('PRIMARY or ALIAS') }, ['forenames', 'surname']),
      ),
      dateOfBirth: { ...date(), nullable: true },
      identifiers: listOf(objectOf('', { scheme: text('PNC, CRO, CRN, NOMS, PASSPORT, NINO'), value: text() })),
      address: { ...anyObject('The current address, where an agreement allows it'), nullable: true },
      registrations: listOf(
        objectOf('Notification requirements', {
          status: text(undefined, { enum: ['ACTIVE', 'ENDED'] }),
          startDate: date(),
          period: text('INDEFINITE, PENDING_SENTENCE, or an ISO 8601 duration in years and months (P10Y, P3Y6M)'),
          endDate: { ...date('Last day the requirements apply; null if indefinite'), nullable: true },
          reviewEligibleFrom: { ...date('Indefinite only (domain.md)'), nullable: true },
          reviewEligibleFromProvisional: { type: 'boolean' },
          juvenile: { type: 'boolean' },
        }),
      ),
      convictions: listOf(objectOf('', { convictionDate: date(), offenceCode: text(), disposal: text() })),
      orders: listOf(
        objectOf('', {
          orderRef: text(),
          orderType: text('SHPO, SRO, NOTIFICATION_ORDER, RESTRAINING_ORDER, SOPO'),
          status: text('ACTIVE, VARIED, DISCHARGED, EXPIRED'),
          madeOn: date(),
          endDate: { ...date(), nullable: true },
          prohibitions: listOf(objectOf('', { code: text(), text: text() })),
        }),
      ),
      responsibility: objectOf('responsibility.md: who manages the person now, and before', {
        current: listOf(anyObject('{ kind, agency?, unit?, area, from, to?, provenance }')),
        history: listOf(anyObject('{ kind, agency?, unit?, area, from, to?, provenance }')),
      }),
    },
    ['subjectId'],
  ),
);

export const SUBJECT_LOOKUP = namedSchema(
  'SubjectLookup',
  objectOf('The subject an identifier names', { subjects: listOf(SUBJECT_RECORD) }, ['subjects']),
);

export const SUBJECT_TIMELINE = namedSchema(
  'SubjectTimeline',
  objectOf(
    'Every change to the record the caller may see, newest first',
    {
      subjectId: text(undefined, { format: 'uuid' }),
      entries: listOf(
        objectOf(
          '',
          {
            eventId: text(undefined, { format: 'uuid' }),
            type: text('An event type (events.md)'),
            sequence: { type: 'integer' },
            at: text(undefined, { format: 'date-time' }),
            sourceAgency: nullableText(),
            sourceMessageId: nullableText(),
            data: anyObject('The event as its delivery would project it'),
          },
          ['eventId', 'type', 'sequence', 'at'],
        ),
      ),
    },
    ['subjectId', 'entries'],
  ),
);

export const DATA_QUALITY = namedSchema(
  'DataQualityReport',
  pageOf(anyObject('One finding'), 'Records whose sources disagree, newest first'),
);
