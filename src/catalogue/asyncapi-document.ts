import { stringify } from 'yaml';
import { FIELD_PATHS, type FieldPath } from '../agreements/agreement';
import {
  EVENT_TYPES,
  HUB_EVENT_TYPES,
  isHubEventType,
  HUB_REFERENCE_KEYS,
  OPERATIONAL_EVENT_TYPES,
  type EventType,
  type HubEventType,
  type HubReferenceKey,
  type OperationalEventType,
} from '../canonical/event-types';
import { NOTIFICATION_KINDS, RISK_LEVELS, IDENTIFIER_SCHEMES, RESPONSIBILITY_KINDS } from '../canonical/subject-record';
import type {
  Address,
  Caution,
  Conviction,
  Court,
  CustodyEvent,
  Identifier,
  Licence,
  MappaAction,
  MappaMeeting,
  MappaParticipant,
  MappaStatus,
  NotificationDetails,
  OffenderManager,
  OffenderNotification,
  Order,
  OrderDuration,
  OrderType,
  PersonName,
  ReleasePlan,
  ResponsibilityFact,
  Prohibition,
  Registration,
  RiskAssessment,
  RiskManagementPlan,
  Sentence,
  WatchlistHitFact,
} from '../canonical/subject-record';
import { EVENT_DOCS_PATH, SEQUENCE_DIGITS } from '../canonical/cloud-event';
import { DELIVERY_KIND_NAMES, DELIVERY_KINDS, isPushed, type DeliveryKind } from '../canonical/delivery-kinds';
import { PROVENANCE_KINDS, type Provenance } from '../canonical/provenance';
import { COURT_DISPOSALS as DISPOSALS } from '../canonical/disposals';
import { CONVICTING_FINDINGS as FINDINGS } from '../canonical/findings';
import { LEAD_AGENCIES } from '../canonical/lead-agencies';
import { LINK_BASES } from '../canonical/link-bases';
import { DEADLINE_KINDS } from '../rules/deadline-rules';
import { EXAMPLE_SIGNING, exampleCloudEvent, exampleHubEvent, exampleWebhookHeaders } from './event-examples';
import { toOperationalCloudEvent } from '../canonical/operational-cloud-event';

/**
 * The event catalogue served at `GET /asyncapi.yaml` (api.md): an AsyncAPI 3.0 document of every
 * event type the hub publishes (EVENT_TYPES), each with its payload schema — the CloudEvents
 * envelope of src/canonical/cloud-event.ts and `data` keyed by canonical field names. Written from
 * a subscribing agency's side: it receives events by webhook, or pulls them from the feed.
 *
 * Kept honest by types: the table of events is a `Record<EventType, …>` (a new event type without
 * an entry fails typecheck), fact schemas are checked key by key against the canonical interfaces
 * (a field added to, or made optional in, subject-record.ts fails typecheck here until described),
 * and the agreement field paths shown for each `data` key are computed from FIELD_PATHS.
 */

export type JsonSchema = { [keyword: string]: unknown };

const CATALOGUE_VERSION = '2';
const ASYNCAPI_VERSION = '3.0.0';

// ---- schema helpers ----------------------------------------------------------------------------

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const str = (description?: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
const int = (description?: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...extra,
});
const bool = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
const arr = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
const enumOf = (values: readonly (string | number)[], description?: string): JsonSchema => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});
const dateTime = (description?: string): JsonSchema => str(description, { format: 'date-time' });

/** Every member of a string union, checked complete by the compiler. */
function allOf<T extends string>(members: Record<T, true>): T[] {
  return Object.keys(members) as T[];
}

/** Marks a property the canonical interface declares optional (`?`): described, not required. */
class Optional {
  constructor(readonly schema: JsonSchema) {}
}
const opt = (schema: JsonSchema) => new Optional(schema);

/**
 * One schema property per key of T: optional keys must be wrapped in `opt()`, required ones must
 * not, so a field added to or changed in the canonical interface fails typecheck until described.
 */
type Described<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? Optional : JsonSchema };

function shape<T>(description: string, props: Described<T>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(props) as [string, JsonSchema | Optional][]) {
    if (value instanceof Optional) properties[key] = value.schema;
    else {
      properties[key] = value;
      required.push(key);
    }
  }
  return { type: 'object', description, properties, ...(required.length ? { required } : {}) };
}

/** An object whose properties may each be absent (projection works at this level). */
function partial(description: string, properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', description, properties };
}

// ---- enumerations ------------------------------------------------------------------------------

const ORDER_TYPES = allOf<OrderType>({
  SHPO: true,
  SRO: true,
  NOTIFICATION_ORDER: true,
  RESTRAINING_ORDER: true,
  SOPO: true,
});
const COURT_LEVELS = allOf<Court['level']>({ CROWN: true, MAGISTRATES: true, YOUTH: true });
const RISK_TOOLS = allOf<RiskAssessment['tool']>({ OASYS: true, ARMS: true, RM2000: true });
const REGISTRATION_BASES = allOf<Registration['basis']>({ CONVICTION: true, ORDER: true, CAUTION: true });

// ---- canonical facts (src/canonical/subject-record.ts) -------------------------------------------

const notifiedAddress = (description: string): JsonSchema =>
  shape<NonNullable<NotificationDetails['address']>>(description, {
    line1: str(),
    line2: opt(str()),
    town: str(),
    postcode: str(),
  });

const level = ref('RiskLevel');

const FACT_SCHEMAS: Record<string, JsonSchema> = {
  CivilDate: str('A civil date in England, YYYY-MM-DD, no time of day or zone.', { format: 'date' }),
  RiskLevel: enumOf(RISK_LEVELS, 'Risk of serious harm level.'),
  Provenance: shape<Provenance>(
    'Where a fact came from. An agreement with `excludeProvenance` listing `kind` withholds every fact of that kind: the fact is left out (array items dropped, objects absent), never nulled.',
    {
      kind: enumOf(
        PROVENANCE_KINDS,
        'The statutory channel it was collected through; NOTIFICATION = collected through the notification requirements.',
      ),
      agency: str('The agency that sent the fact.'),
      messageId: str("The hub's id of the inbound message that carried it."),
      receivedAt: dateTime(),
    },
  ),
  PersonName: shape<PersonName>('A name of the subject.', {
    forenames: str(),
    surname: str(),
    type: enumOf(['PRIMARY', 'ALIAS']),
    provenance: ref('Provenance'),
  }),
  Identifier: shape<Identifier>('An identifier of the subject in another system.', {
    scheme: enumOf(IDENTIFIER_SCHEMES),
    value: str('Normalised (upper case, PNC ids with a four-digit year).'),
    provenance: ref('Provenance'),
  }),
  Address: shape<Address>('An address of the subject.', {
    line1: opt(str()),
    line2: opt(str()),
    town: opt(str()),
    postcode: opt(str()),
    type: opt(str('From probation: HOME, APPROVED_PREMISES or TEMPORARY.')),
    from: opt(ref('CivilDate')),
    provenance: ref('Provenance'),
  }),
  Court: shape<Court>('A court.', { code: str(), name: str(), level: enumOf(COURT_LEVELS) }),
  Sentence: shape<Sentence>('A sentence as passed.', {
    sentenceDate: ref('CivilDate'),
    disposal: enumOf(DISPOSALS),
    custodialTermMonths: opt(int()),
    life: opt(bool()),
    restrictionOrder: opt(bool()),
    dischargeMonths: opt(int()),
  }),
  Conviction: shape<Conviction>(
    'A conviction, or a finding of insanity / that the defendant did the act, for one offence.',
    {
      convictionId: str('Stable: case URN + offence sequence; a re-sent result updates, never duplicates.'),
      hearingKey: str(),
      court: ref('Court'),
      caseUrn: str(),
      offenceSequence: int(),
      offenceCode: str(),
      wording: str(),
      legislation: opt(str()),
      offenceDate: opt(ref('CivilDate')),
      finding: enumOf(FINDINGS),
      convictionDate: ref('CivilDate'),
      notificationCertificate: bool(),
      disposal: nullable(enumOf(DISPOSALS, 'Null while sentence is adjourned.')),
      sentence: nullable(ref('Sentence')),
      provenance: ref('Provenance'),
    },
  ),
  Registration: {
    allOf: [
      shape<Registration>('Notification requirements (sex offender registration).', {
        registrationId: str(),
        basis: enumOf(REGISTRATION_BASES),
        basisRef: str('The hearing key (CONVICTION), order ref (ORDER) or caution id (CAUTION).'),
        startDate: ref('CivilDate'),
        period: str("'INDEFINITE', 'PENDING_SENTENCE' or an ISO 8601 duration (P10Y, P3Y6M, ...)."),
        periodEndDate: nullable(ref('CivilDate')),
        endDate: nullable(ref('CivilDate')),
        endDateReason: nullable({
          type: 'object',
          description:
            'Why endDate differs from the statutory table, when it does: an SHPO extended it, or the discharge of an SHPO ended it.',
          properties: { kind: enumOf(['EXTENDED_BY_ORDER', 'ORDER_DISCHARGED']), orderRef: str() },
          required: ['kind', 'orderRef'],
        }),
        reviewEligibleFrom: nullable(ref('CivilDate')),
        reviewEligibleFromProvisional: bool(),
        reviewBarredByOrder: bool(),
        juvenile: bool(),
        provenance: ref('Provenance'),
      }),
      partial('Added when the registration comes from the read view (registration.ended).', {
        status: enumOf(['ACTIVE', 'ENDED']),
        endReason: enumOf(
          ['PERIOD_EXPIRED', 'ORDER_DISCHARGED'],
          'registration.ended only: why the requirements ended.',
        ),
      }),
    ],
  },
  Prohibition: shape<Prohibition>('A prohibition of a civil order.', {
    code: str(),
    text: str(),
    countries: opt(arr(str())),
    until: opt(ref('CivilDate')),
  }),
  OrderDuration: shape<OrderDuration>('How long the order lasts, as made.', {
    years: opt(int()),
    until: opt(ref('CivilDate')),
    indefinite: opt(bool()),
  }),
  Order: shape<Order>('A civil order (SHPO, SRO, ...) with its prohibitions.', {
    orderRef: str(),
    orderType: enumOf(ORDER_TYPES),
    status: enumOf(['ACTIVE', 'DISCHARGED', 'EXPIRED'], 'EXPIRED appears once endDate has passed (order.expired).'),
    madeOn: ref('CivilDate'),
    duration: ref('OrderDuration'),
    endDate: nullable(ref('CivilDate')),
    variedOn: opt(ref('CivilDate')),
    dischargedOn: opt(ref('CivilDate')),
    prohibitions: arr(ref('Prohibition')),
    passportSurrender: bool(),
    court: ref('Court'),
    provenance: ref('Provenance'),
  }),
  RiskAssessment: shape<RiskAssessment>('A completed risk assessment (OASys, ARMS, RM2000).', {
    assessmentId: str(),
    tool: enumOf(RISK_TOOLS),
    completedOn: ref('CivilDate'),
    roshOverall: level,
    rosh: {
      type: 'object',
      properties: { children: level, public: level, knownAdult: level, staff: level, prisoners: level },
      required: ['children', 'public', 'knownAdult', 'staff', 'prisoners'],
    },
    osp: opt({
      type: 'object',
      properties: { directContact: level, indecentImages: level },
      required: ['directContact', 'indecentImages'],
    }),
    rm2000: opt({
      type: 'object',
      properties: { sexual: level, violent: level, combined: level },
      required: ['sexual', 'violent', 'combined'],
    }),
    assessor: { type: 'object', properties: { name: str(), role: str() }, required: ['name', 'role'] },
    countersignedBy: opt({ type: 'object', properties: { name: str(), role: str() }, required: ['name', 'role'] }),
    nextReviewDue: ref('CivilDate'),
    provenance: ref('Provenance'),
  }),
  RiskManagementPlan: shape<RiskManagementPlan>(
    'A risk management plan from probation or the police; it meets the RISK_MANAGEMENT_PLAN deadline of the assessment it names.',
    {
      planId: str('The id of the source message that carried it.'),
      recordedOn: ref('CivilDate'),
      assessmentCompletedOn: { ...ref('CivilDate'), description: 'The completion date of the assessment it answers.' },
      meetingId: opt(str('The MAPPA meeting that agreed it (the MAPPA unit’s id).')),
      summary: str('The plan in brief (at most 4,000 characters).'),
      reviewOn: ref('CivilDate'),
      provenance: ref('Provenance'),
    },
  ),
  MappaStatus: shape<MappaStatus>('MAPPA category, level and lead agency.', {
    changeId: str(),
    category: enumOf([1, 2, 3, 4]),
    level: enumOf([1, 2, 3]),
    startDate: ref('CivilDate'),
    reviewDate: opt(ref('CivilDate')),
    leadAgency: enumOf(LEAD_AGENCIES),
    provenance: ref('Provenance'),
  }),
  Licence: shape<Licence>('Licence conditions on release.', {
    startDate: ref('CivilDate'),
    expiryDate: ref('CivilDate'),
    conditions: arr({ type: 'object', properties: { code: str(), text: str() }, required: ['code', 'text'] }),
    provenance: ref('Provenance'),
  }),
  OffenderManager: shape<OffenderManager>('The probation offender manager.', {
    name: str(),
    team: str(),
    email: str(),
    phone: str(),
    provenance: ref('Provenance'),
  }),
  CustodyEvent: shape<CustodyEvent>(
    'A custody milestone: reception, transfer or release (a prison), release or recall (probation).',
    {
      eventId: str(),
      kind: enumOf(['RECEIVED', 'TRANSFERRED', 'RELEASED', 'RECALLED']),
      on: ref('CivilDate'),
      establishment: opt(str("The establishment's name.")),
      licenceExpiry: opt(ref('CivilDate')),
      reason: opt(str("RECEIVED: REMAND, SENTENCED or RECALL; RECALLED: probation's reason.")),
      establishmentCode: opt(str("From a prison: the establishment's code.")),
      releaseType: opt(enumOf(['CONDITIONAL', 'LICENCE', 'END_OF_SENTENCE', 'PAROLE'])),
      releaseArea: opt(str('The police force code of the area released to.')),
      provenance: ref('Provenance'),
    },
  ),
  ReleasePlan: shape<ReleasePlan>('A release date a prison has set.', {
    eventId: str(),
    expectedOn: ref('CivilDate'),
    releaseType: enumOf(['CONDITIONAL', 'LICENCE', 'END_OF_SENTENCE', 'PAROLE']),
    releaseArea: str('The police force code of the area released to.'),
    establishment: str(),
    address: opt({
      type: 'object',
      properties: { line1: str(), line2: str(), town: str(), postcode: str(), type: str(), from: ref('CivilDate') },
      required: ['line1', 'town', 'postcode', 'type', 'from'],
    }),
    provenance: ref('Provenance'),
  }),
  ResponsibilityFact: shape<ResponsibilityFact>(
    'Who is responsible for the person in an area, for a period (current while `to` is absent).',
    {
      kind: enumOf(RESPONSIBILITY_KINDS),
      agency: opt(str('The agency holding it (for MAPPA_LEAD, the lead agency kind).')),
      unit: opt({
        type: 'object',
        properties: { code: str(), name: str() },
        required: ['code', 'name'],
        description: 'The establishment or probation provider.',
      }),
      area: str('Police force / probation region code.'),
      from: ref('CivilDate'),
      to: opt(ref('CivilDate')),
      provenance: ref('Provenance'),
    },
  ),
  Caution: shape<Caution>('A police caution.', {
    cautionId: str(),
    cautionedOn: ref('CivilDate'),
    offenceCode: str(),
    wording: str(),
    notifiable: bool(),
    youth: bool(),
    provenance: ref('Provenance'),
  }),
  NotificationDetails: shape<NotificationDetails>(
    'What the offender notified; all of it collected through the notification requirements.',
    {
      names: opt(
        arr({ type: 'object', properties: { forenames: str(), surname: str() }, required: ['forenames', 'surname'] }),
      ),
      address: opt(notifiedAddress('A new home address.')),
      passports: opt(
        arr({
          type: 'object',
          properties: { number: str(), issuingCountry: str(), expiresOn: ref('CivilDate') },
          required: ['number', 'issuingCountry'],
        }),
      ),
      bankAccounts: opt(
        arr({
          type: 'object',
          properties: { sortCode: str(), accountNumber: str() },
          required: ['sortCode', 'accountNumber'],
        }),
      ),
      cards: opt(arr({ type: 'object', properties: { last4: str(), expiresOn: str() }, required: ['last4'] })),
      emails: opt(arr(str())),
      phones: opt(arr(str())),
      nino: opt(str()),
      destination: opt(str()),
      departOn: opt(ref('CivilDate')),
      returnOn: opt(ref('CivilDate')),
      childAddress: opt(notifiedAddress('Where the subject resides or stays with a child.')),
    },
  ),
  OffenderNotification: shape<OffenderNotification>(
    'A notification by the offender to the police (provenance NOTIFICATION).',
    {
      notificationId: str(),
      kind: enumOf(NOTIFICATION_KINDS),
      receivedOn: ref('CivilDate'),
      details: ref('NotificationDetails'),
      provenance: ref('Provenance'),
    },
  ),
  WatchlistHit: shape<WatchlistHitFact>(
    'A passport application by a watched subject, and how the applicant differed from the record.',
    {
      hitId: str(),
      watchlistRef: str(),
      orderRef: nullable(str()),
      application: {
        type: 'object',
        properties: { type: str(), receivedOn: ref('CivilDate'), office: str() },
        required: ['type', 'receivedOn', 'office'],
      },
      applicant: {
        type: 'object',
        properties: {
          surname: str(),
          forenames: str(),
          dateOfBirth: ref('CivilDate'),
          address: notifiedAddress('As applied.'),
        },
        required: ['surname', 'forenames', 'dateOfBirth'],
      },
      differences: arr({
        type: 'object',
        properties: { field: str(), held: nullable(str()), applied: str() },
        required: ['field', 'held', 'applied'],
      }),
      provenance: ref('Provenance'),
    },
  ),
  SubjectSnapshot: partial(
    'Who the event is about (`data.subject`). Each property is disclosed under its own field path (subject.names, subject.dateOfBirth, subject.identifiers, subject.address, subject.contact) and is absent when no agreement relied on allows it.',
    {
      names: { ...arr(ref('PersonName')), 'x-field-path': 'subject.names' },
      dateOfBirth: { ...nullable(ref('CivilDate')), 'x-field-path': 'subject.dateOfBirth' },
      identifiers: { ...arr(ref('Identifier')), 'x-field-path': 'subject.identifiers' },
      address: { ...nullable(ref('Address')), 'x-field-path': 'subject.address' },
      contact: {
        type: 'object',
        description: 'Contact details: a field path agreements may name; not yet carried by any event.',
        'x-field-path': 'subject.contact',
      },
    },
  ),
  Deadline: shape<{
    kind: string;
    ref: string;
    dueOn: string;
    provisional: boolean;
    description: string;
    mappaAction?: unknown;
  }>('A clock the hub keeps for the subject.', {
    kind: enumOf(DEADLINE_KINDS),
    ref: str('What the clock is about: a registration id, order ref, assessment id, `meetingId#actionId`, ...'),
    dueOn: ref('CivilDate'),
    provisional: bool('True while the date depends on something not yet known (e.g. a sentence).'),
    description: str(),
    mappaAction: opt({
      type: 'object',
      description:
        'MAPPA_ACTION (sent to the owner) and MAPPA_ACTION_ESCALATED (sent to the chair, escalateAfterDays later): the action.',
      properties: { meetingId: str(), actionId: str(), owner: str('Owner agency id.'), chair: str('Chair agency id.') },
      required: ['meetingId', 'actionId', 'owner', 'chair'],
    }),
  }),
  MappaParticipant: shape<MappaParticipant>('Someone at a MAPPA meeting, or an action owner: the hub agency id.', {
    agency: str('A hub agency id.'),
    name: opt(str()),
    role: opt(str()),
  }),
  MappaMeetingAction: shape<MappaAction>('An action decided at a MAPPA meeting, as its minute lists it.', {
    actionId: str("The MAPPA unit's action id."),
    description: str(),
    owner: ref('MappaParticipant'),
    dueOn: ref('CivilDate'),
    status: enumOf(['OPEN', 'DONE', 'BLOCKED', 'CANCELLED']),
    updatedOn: opt(ref('CivilDate')),
    updatedBy: opt(str('The agency that last changed its status (the unit, or the owner closing it).')),
    note: opt(str()),
    provenance: ref('Provenance'),
  }),
  MappaAction: shape<MappaAction & { meetingId: string; area: string; heldOn: string; chair: unknown }>(
    'An action decided at a MAPPA meeting, with the meeting it came from.',
    {
      meetingId: str("The MAPPA unit's meeting id."),
      area: str('Police force code of the MAPPA area.'),
      heldOn: ref('CivilDate'),
      chair: { type: 'object', properties: { name: str(), agency: str() }, required: ['name', 'agency'] },
      actionId: str("The MAPPA unit's action id."),
      description: str(),
      owner: ref('MappaParticipant'),
      dueOn: ref('CivilDate'),
      status: enumOf(['OPEN', 'DONE', 'BLOCKED', 'CANCELLED']),
      updatedOn: opt(ref('CivilDate')),
      updatedBy: opt(str('The agency that last changed its status (the unit, or the owner closing it).')),
      note: opt(str()),
      provenance: ref('Provenance'),
    },
  ),
  MappaMeeting: shape<MappaMeeting>(
    "A MAPPA meeting's minute. Its victim section is never part of it: kept apart, it never leaves the hub.",
    {
      meetingId: str("The MAPPA unit's meeting id."),
      unit: str('The MAPPA unit (hub agency id) that sent it.'),
      area: str('Police force code of the MAPPA area.'),
      heldOn: ref('CivilDate'),
      level: enumOf([2, 3]),
      chair: { type: 'object', properties: { name: str(), agency: str() }, required: ['name', 'agency'] },
      attendees: arr(ref('MappaParticipant')),
      riskSummary: str(),
      decisions: arr(str()),
      actions: arr(ref('MappaMeetingAction')),
      nextReviewOn: opt(ref('CivilDate')),
      provenance: ref('Provenance'),
    },
  ),
  UnacknowledgedEventDeadline: shape<{
    kind: string;
    dueAt: string;
    eventId: string;
    eventType: string;
    recipient: string;
    sourceAgency: string;
  }>("A delivery its recipient has not acknowledged within the agreement's ackWithin.", {
    kind: { const: 'EVENT_UNACKNOWLEDGED' },
    dueAt: dateTime('When the acknowledgement was due.'),
    eventId: str('The unacknowledged event.'),
    eventType: enumOf(EVENT_TYPES),
    recipient: str('The agency that has not acknowledged it.'),
    sourceAgency: str('The agency whose information it carried.'),
  }),
};

// ---- the events ------------------------------------------------------------------------------

/** Top-level keys of `data`: the first segment of every agreement field path. */
type TopOf<P extends string> = P extends `${infer Head}.${string}` ? Head : P;
type CanonicalKey = TopOf<FieldPath>;
type DataKey = CanonicalKey | HubReferenceKey;

interface EventEntry {
  /** When the event is raised (events.md). */
  summary: string;
  /** Where in the code the event is raised, or 'not yet' when nothing raises it today. */
  raisedBy: string;
  /** The keys of `data` before projection, each with its schema. */
  data: Partial<Record<DataKey, JsonSchema>>;
  notes?: string;
}

const subject = ref('SubjectSnapshot');
const COURT = 'src/subjects/apply-command.ts (court hearing results, variations, discharges)';
const PROBATION = 'src/subjects/apply-probation-update.ts (probation updates)';
const PNC = 'src/subjects/apply-pnc-update.ts (police / PNC updates)';
const DETAILS = 'src/subjects/apply-command.ts (any inbound message about the person)';
const MERGER =
  'src/identity/subject-merger.ts and subject-unmerger.ts (POST /v1/admin/subjects/{id}/merge and /unmerge, or a LINK review decision)';

const orderEvent = (summary: string, raisedBy = COURT): EventEntry => ({
  summary,
  raisedBy,
  data: { subject, order: ref('Order') },
});
const PRISON = 'src/subjects/apply-prison-update.ts (prison custody updates)';
const MAPPA = 'src/subjects/apply-mappa-update.ts (MAPPA unit minutes and action updates)';
const custodyEvent = (summary: string, raisedBy = PROBATION): EventEntry => ({
  summary,
  raisedBy,
  data: { subject, custody: ref('CustodyEvent') },
});
const riskEvent = (summary: string, risk: JsonSchema): EventEntry => ({
  summary,
  raisedBy: PROBATION,
  data: { subject, risk },
});

/** One entry per event type: adding to EVENT_TYPES without describing it here fails typecheck. */
const EVENTS: Record<EventType, EventEntry> = {
  'subject.created': { summary: 'A new subject enters the hub.', raisedBy: DETAILS, data: { subject } },
  'subject.details.changed': {
    summary: 'Names, aliases, date of birth, identifiers, address or contact details change.',
    raisedBy: `${DETAILS}; ${PNC} for notified changes of details`,
    data: { subject },
  },
  'subject.merged': {
    summary: 'Two subject records are found to be one person.',
    raisedBy: MERGER,
    data: {
      subject,
      mergedSubjectId: str('The id of the record folded into this one; reads of it now answer 301 to this subject.'),
    },
    notes: 'The envelope `subject` is the surviving record and `data.subject` its details after the merge.',
  },
  'subject.unmerged': {
    summary: 'A merge of two subject records is undone.',
    raisedBy: MERGER,
    data: { subject, unmergedSubjectId: str('The other record of the undone merge.') },
    notes:
      'One event per resulting record (the survivor and the restored one), `data.subject` carrying its details as rebuilt.',
  },
  'conviction.recorded': {
    summary:
      'A court records a conviction (or an insanity / did-the-act finding), or the sentence of one recorded earlier.',
    raisedBy: COURT,
    data: { subject, conviction: ref('Conviction') },
  },
  'caution.recorded': {
    summary: 'Police record a caution.',
    raisedBy: PNC,
    data: { subject, caution: ref('Caution') },
  },
  'registration.started': {
    summary: 'Notification requirements begin (period, end date or indefinite).',
    raisedBy:
      'src/subjects/apply-command.ts (derived from convictions, cautions and orders by src/rules/registrations.ts)',
    data: { subject, registration: ref('Registration') },
  },
  'registration.changed': {
    summary:
      'The terms of notification requirements change (period, end date, review eligibility), e.g. when a sentence or an SHPO is recorded.',
    raisedBy: 'src/subjects/apply-command.ts (derived by src/rules/registrations.ts)',
    data: { subject, registration: ref('Registration') },
  },
  'registration.ended': {
    summary: 'Notification requirements end (period expired, discharged on review).',
    raisedBy:
      'src/clocks/deadlines.clock.ts (period expired); src/subjects/apply-command.ts (the SHPO behind it discharged); discharge on review: not yet',
    data: { registration: ref('Registration') },
    notes:
      "Raised by the hub's clock (`data.subject` not carried) or by a court discharge (`data.subject` carried); `registration.endReason` says why.",
  },
  'notification.received': {
    summary: 'The offender notified police of something (kind in the payload).',
    raisedBy: PNC,
    data: { subject, notification: ref('OffenderNotification') },
    notes: 'All of it has provenance NOTIFICATION: agreements excluding NOTIFICATION never pass it on.',
  },
  'order.made': orderEvent('A civil order (SHPO, SRO, ...) is made.'),
  'order.varied': orderEvent('A civil order is varied.'),
  'order.discharged': orderEvent('A civil order is discharged.'),
  'order.expired': {
    summary: 'A civil order reaches its end date.',
    raisedBy: 'src/clocks/deadlines.clock.ts',
    data: { order: ref('Order') },
    notes: "Raised by the hub's clock: `data.subject` is not carried; `order.status` is EXPIRED.",
  },
  'risk.assessed': riskEvent(
    'A risk assessment is completed.',
    partial('The assessment, and the overall level it leaves the subject at.', {
      roshOverall: {
        allOf: [level],
        'x-field-path': 'risk.roshOverall',
        description: 'The current overall risk of serious harm (of the newest assessment).',
      },
      assessment: ref('RiskAssessment'),
      current: bool('False when an older assessment arrived late: it joins the history and changes nothing.'),
    }),
  ),
  'risk.level.changed': riskEvent(
    'The overall risk of serious harm level differs from the last one.',
    partial('The new overall level and the one before it.', {
      roshOverall: { allOf: [level], 'x-field-path': 'risk.roshOverall' },
      previousRoshOverall: level,
      assessment: ref('RiskAssessment'),
    }),
  ),
  'risk.plan.recorded': {
    summary: 'Probation or the police record a risk management plan (mappa.md).',
    raisedBy: 'src/subjects/apply-risk-plan.ts (probation and police / PNC RISK_MANAGEMENT_PLAN_RECORDED)',
    data: {
      subject,
      risk: partial('The plan recorded.', {
        plans: { ...arr(ref('RiskManagementPlan'), 'The one plan recorded.'), 'x-field-path': 'risk.plans' },
      }),
    },
    notes: 'Its provenance kind is PROBATION or PNC, after the agency that sent it.',
  },
  'mappa.changed': {
    summary: 'MAPPA category, level or lead agency changes.',
    raisedBy: PROBATION,
    data: {
      subject,
      mappa: {
        allOf: [
          ref('MappaStatus'),
          partial('The status before this change.', {
            previous: nullable({
              type: 'object',
              properties: {
                category: enumOf([1, 2, 3, 4]),
                level: enumOf([1, 2, 3]),
                leadAgency: enumOf(LEAD_AGENCIES),
              },
            }),
          }),
        ],
      },
    },
  },
  'licence.conditions.set': {
    summary: 'Licence conditions are set or changed.',
    raisedBy: PROBATION,
    data: { subject, licence: ref('Licence') },
  },
  'custody.received': custodyEvent('A prison receives the subject into custody (prison.md RECEPTION).', PRISON),
  'custody.transferred': custodyEvent('The subject is transferred to another establishment.', PRISON),
  'release.scheduled': {
    summary:
      "A prison sets the subject's release date; the release area's police and probation plan for it (RELEASE_PLANNING deadline).",
    raisedBy: PRISON,
    data: { subject, custody: partial('The release planned.', { release: ref('ReleasePlan') }) },
  },
  'custody.released': custodyEvent('The subject is released from custody.', `${PROBATION}; ${PRISON}`),
  'custody.recalled': custodyEvent('The subject is recalled to custody.'),
  'supervision.ended': {
    summary: 'Probation supervision ends.',
    raisedBy: PROBATION,
    data: {
      subject,
      supervision: shape<{ endedOn: string; reason: string; provenance: unknown }>('When and why supervision ended.', {
        endedOn: ref('CivilDate'),
        reason: str(),
        provenance: ref('Provenance'),
      }),
    },
  },
  'offender-manager.allocated': {
    summary: 'A new probation offender manager is allocated.',
    raisedBy: PROBATION,
    data: { subject, offenderManager: ref('OffenderManager') },
  },
  'watchlist.entry.lodged': {
    summary: "The hub lodged an entry on HMPO's passport watchlist (kept in step with travel prohibitions).",
    raisedBy: 'src/watchlist/watchlist-sender.ts',
    data: {
      watchlist: {
        type: 'object',
        properties: {
          watchlistRef: str("HMPO's reference."),
          orderRef: str(),
          reason: str(),
          validUntil: nullable(ref('CivilDate')),
        },
        required: ['watchlistRef', 'orderRef', 'reason'],
      },
    },
  },
  'watchlist.entry.withdrawn': {
    summary: "The hub withdrew an entry from HMPO's passport watchlist.",
    raisedBy: 'src/watchlist/watchlist-sender.ts',
    data: {
      watchlist: {
        type: 'object',
        properties: { watchlistRef: str(), orderRef: str() },
        required: ['watchlistRef', 'orderRef'],
      },
    },
  },
  'watchlist.hit': {
    summary: 'HMPO reports a passport application by a watched subject.',
    raisedBy: 'src/subjects/apply-watchlist-hit.ts',
    data: { subject, watchlist: ref('WatchlistHit') },
  },
  'mappa.meeting.held': {
    summary:
      'A MAPPA meeting was held (mappa.md). Sent to every attendee agency and every agency whose agreement lists it and whose conditions hold; it must be acknowledged (ackWithin, P2D when the agreement sets none).',
    raisedBy: MAPPA,
    data: { subject, mappa: { type: 'object', properties: { meetings: ref('MappaMeeting') }, required: ['meetings'] } },
  },
  'mappa.action.assigned': {
    summary:
      'An action decided at a MAPPA meeting: one per action, to its owner (and under agreements to others). Its clock is a MAPPA_ACTION deadline.',
    raisedBy: MAPPA,
    data: { subject, mappa: { type: 'object', properties: { actions: ref('MappaAction') }, required: ['actions'] } },
  },
  'mappa.action.updated': {
    summary: 'A MAPPA action changed status (the unit reported it, or its owner closed it).',
    raisedBy: `${MAPPA}; POST /v1/mappa/actions/{actionId}/completion`,
    data: { subject, mappa: { type: 'object', properties: { actions: ref('MappaAction') }, required: ['actions'] } },
  },
  'deadline.due': {
    summary:
      'A clock the hub keeps enters its lead time (annual notification, risk review, review eligibility, order expiry, ...).',
    raisedBy: 'src/clocks/deadlines.clock.ts',
    data: { deadline: ref('Deadline') },
  },
  'deadline.overdue': {
    summary:
      "A clock the hub keeps has passed unmet, or a delivery was not acknowledged within its agreement's ackWithin.",
    raisedBy: 'src/clocks/deadlines.clock.ts; src/clocks/unacknowledged-events.clock.ts (EVENT_UNACKNOWLEDGED)',
    data: { deadline: { oneOf: [ref('Deadline'), ref('UnacknowledgedEventDeadline')] } },
  },
  'record.corrected': {
    summary:
      'Events this recipient received were wrong about whom they concern (their subjects were wrongly merged, now undone).',
    raisedBy: 'src/identity/unmerge-corrections.ts (on unmerge, one per agency that received affected events)',
    data: {
      subject,
      correction: shape<{ reason: string; mergeId: string; events: unknown }>(
        'What the recipient received wrongly and whom it actually concerns.',
        {
          reason: enumOf(['SUBJECT_UNMERGED']),
          mergeId: str('The merge that was undone.'),
          events: arr(
            shape<{ eventId: string; type: string; subjectId: string; actualSubjectId: string; why: string }>(
              'One event received wrongly.',
              {
                eventId: str(),
                type: enumOf(EVENT_TYPES),
                subjectId: str('The subject the event named when it was sent.'),
                actualSubjectId: str('The subject its facts actually concern.'),
                why: enumOf(
                  ['LINK_WITHDRAWN', 'CONCERNS_OTHER_SUBJECT', 'RAISED_WHILE_MERGED'],
                  'LINK_WITHDRAWN: the merge itself; CONCERNS_OTHER_SUBJECT: its facts belong to the other person; RAISED_WHILE_MERGED: its `subject` details mixed both people.',
                ),
              },
            ),
          ),
        },
      ),
    },
    notes:
      'Not named in events.md (contract-questions 31 proposes `record.corrected`). Sent only to the agencies that received the events it lists: to each subscription that received one, whether or not it subscribed to `record.corrected`, under the agreements those deliveries relied on (while in force), projected by them.',
  },
  'responsibility.changed': {
    summary: "Who manages the person changed: the subject's current areas moved (responsibility.md).",
    raisedBy: 'src/responsibility/apply-responsibility.ts (through src/subjects/apply-command.ts)',
    data: {
      subject,
      responsibility: shape<{ before: unknown; after: unknown; reason: unknown; facts: unknown; handover?: unknown }>(
        'The areas before and after, why, and the current facts.',
        {
          before: arr(str(), 'The current areas before the change.'),
          after: arr(str(), 'The current areas after it.'),
          reason: str(
            'What moved it: ADDRESS_CHANGED, CONVICTION, OFFENDER_MANAGER_ALLOCATED, MAPPA_CHANGED, SUPERVISION_ENDED, POLICE_NOTIFICATION, POLICE_RECORD, CUSTODY_RECEPTION, CUSTODY_TRANSFER, CUSTODY_RELEASE, REQUIREMENTS_ENDED, MANAGER_ALLOCATED.',
          ),
          facts: arr(ref('ResponsibilityFact'), 'The current facts after the change.'),
          handover: opt({
            type: 'object',
            description:
              'Licence end (reason SUPERVISION_ENDED, requirements continuing): the MAPPA lead passes to police, who must acknowledge this event (POST /v1/events/{eventId}/acknowledgements, within the agreement ackWithin).',
            properties: {
              leadAgency: enumOf(['POLICE']),
              areas: arr(str(), 'The areas whose police now lead.'),
              on: ref('CivilDate'),
              acknowledgementRequired: { type: 'boolean', const: true },
            },
            required: ['leadAgency', 'areas', 'on', 'acknowledgementRequired'],
          }),
        },
      ),
      risk: partial('With a handover: the current risk (field paths risk, risk.roshOverall).', {
        roshOverall: { allOf: [level], 'x-field-path': 'risk.roshOverall' },
        assessments: arr(ref('RiskAssessment'), 'The current assessment.'),
      }),
      licence: { allOf: [ref('Licence')], description: 'With a handover: the licence and its conditions.' },
      mappa: partial('With a handover: the MAPPA status and its open actions.', {
        actions: arr(
          { type: 'object' },
          'Open MAPPA actions (mappa.md). Empty until src/mappa records actions on the subject (a named seam: handover-package.ts openMappaActions).',
        ),
      }),
    },
    notes:
      'Judged against the areas the subject had before and after it (those recorded when it was raised), so the agencies losing the person and those gaining them both receive it; after it, agreements see only the new areas. Every event is judged on the areas the subject had when it was raised: a replay or retry goes to who was responsible then. risk, licence and mappa are present only with a handover, each governed by its own field path.',
  },
  'responsibility.gap': {
    summary:
      'A subject under notification requirements moved to an area where no police force manages them (UNMANAGED_ARRIVAL), or has no police manager 3 days after the requirements started (NO_POLICE_MANAGER).',
    raisedBy:
      'src/responsibility/apply-responsibility.ts (UNMANAGED_ARRIVAL, through src/subjects/apply-command.ts); src/clocks/deadlines.clock.ts (NO_POLICE_MANAGER, the POLICE_MANAGER clock)',
    data: {
      subject,
      responsibility: partial('The gap.', {
        gap: {
          type: 'object',
          properties: {
            kind: enumOf(['UNMANAGED_ARRIVAL', 'NO_POLICE_MANAGER']),
            area: str('The area nobody polices the subject in.'),
            from: ref('CivilDate'),
            provenance: { allOf: [ref('Provenance')], description: 'UNMANAGED_ARRIVAL: the message stating the move.' },
          },
          required: ['kind', 'area', 'from'],
        },
      }),
    },
    notes:
      "Judged on the gap's area alone, so only that area's police receive it (not the areas the person left). Open gaps are listed at GET /v1/admin/responsibility/gaps; a NO_POLICE_MANAGER gap closes when a police manager appears.",
  },
  'transfer.requested': {
    summary:
      'Probation asks for the supervision of the subject to move to another provider (probation.md TRANSFER_REQUESTED).',
    raisedBy: 'src/responsibility/apply-responsibility.ts (through src/subjects/apply-command.ts)',
    data: {
      subject,
      responsibility: partial('The transfer asked for.', {
        transfer: {
          type: 'object',
          properties: {
            toProvider: { type: 'object', properties: { code: str(), name: str() }, required: ['code', 'name'] },
            toArea: nullable(
              str("The receiving provider's region (reference data), null when the provider is unknown."),
            ),
            fromAreas: arr(str(), 'The regions of the current probation manager.'),
            requestedOn: ref('CivilDate'),
            reason: str(),
          },
          required: ['toProvider', 'toArea', 'fromAreas', 'requestedOn', 'reason'],
        },
      }),
    },
    notes:
      'Judged on the current areas and the receiving region, so both regions and the police of both areas receive it. TRANSFER_ACCEPTED moves PROBATION_MANAGER (responsibility.changed).',
  },
  'alert.issued': {
    summary:
      'A scoped alert for a duty-to-cooperate agency: who, date of birth, what the risk is and to whom, who to contact.',
    raisedBy:
      'src/ingestion/ingestion.service.ts via src/rules/scoped-alert.ts (when an event an agreement names in alertOn is raised)',
    data: {
      subject: partial(
        'Only enough to recognise the person: names (never notified ones) and date of birth; no identifiers, address or provenance.',
        {
          names: {
            ...arr({
              type: 'object',
              properties: { forenames: str(), surname: str(), type: enumOf(['PRIMARY', 'ALIAS']) },
              required: ['forenames', 'surname', 'type'],
            }),
            'x-field-path': 'subject.names',
          },
          dateOfBirth: { ...nullable(ref('CivilDate')), 'x-field-path': 'subject.dateOfBirth' },
        },
      ),
      alert: partial('The alert itself.', {
        riskTo: {
          type: 'object',
          'x-field-path': 'alert.riskTo',
          description: 'What the risk is and to whom.',
          properties: {
            risks: arr(str(), 'Plain statements, e.g. "Subject to a SHPO made on 2026-03-02".'),
            groups: arr(enumOf(['CHILDREN', 'NAMED_PERSON']), 'Who is at risk; a named person is never named.'),
            raisedBy: enumOf(EVENT_TYPES, 'The event that raised the alert.'),
          },
          required: ['risks', 'groups', 'raisedBy'],
        },
        contact: {
          type: 'object',
          'x-field-path': 'alert.contact',
          description: 'Who to contact: the police force managing the subject, or the hub operators.',
          properties: { agency: nullable(str()), name: str() },
          required: ['agency', 'name'],
        },
      }),
    },
  },
  'alert.travel.conflict': {
    summary:
      "A notified foreign trip breaks a travel prohibition of one of the subject's orders (a listed country, or the whole world, on some day the prohibition is in force).",
    raisedBy:
      'src/ingestion/ingestion.service.ts via src/rules/travel-conflicts.ts (a FOREIGN_TRAVEL notification, at once, beside notification.received; or an order made or varied that forbids a trip already notified and not yet over)',
    data: {
      alert: partial('The alert itself.', {
        travel: {
          type: 'object',
          'x-field-path': 'alert.travel',
          description: 'The trip and every prohibition it breaks.',
          properties: {
            notificationId: str('The PNC update that notified the trip.'),
            receivedOn: ref('CivilDate'),
            destination: str('ISO 3166-1 alpha-2 code (config/reference/countries.yaml).'),
            destinationName: nullable(str()),
            departOn: ref('CivilDate'),
            returnOn: nullable(ref('CivilDate')),
            conflicts: arr({
              type: 'object',
              properties: {
                orderRef: str(),
                orderType: enumOf(ORDER_TYPES),
                prohibition: ref('Prohibition'),
                scope: enumOf(['WHOLE_WORLD', 'COUNTRY'], 'WHOLE_WORLD: the prohibition lists no countries.'),
                inForce: {
                  type: 'object',
                  description:
                    "First and last day the prohibition has effect: from the making (or renewing variation) to the earliest of its `until`, the order's end and 5 years.",
                  properties: { from: ref('CivilDate'), to: nullable(ref('CivilDate')) },
                  required: ['from', 'to'],
                },
              },
              required: ['orderRef', 'orderType', 'prohibition', 'scope', 'inForce'],
            }),
            provenance: ref('Provenance'),
          },
          required: [
            'notificationId',
            'receivedOn',
            'destination',
            'destinationName',
            'departOn',
            'returnOn',
            'conflicts',
            'provenance',
          ],
        },
      }),
    },
    notes:
      "Every fact it carries was notified under the notification requirements (provenance NOTIFICATION), so, like the clocks' events, it carries no `data.subject`: an agreement excluding NOTIFICATION never carries it, not even empty. The CloudEvent `subject` names the subject to read. Agreements set how soon it must be acknowledged (the demo: PT4H). The FOREIGN_TRAVEL deadline is kept as for any trip.",
  },
  'subject.identity.changed': {
    summary:
      'A notified or court-stated change of name, alias, date of birth or passport of a subject the hub already held.',
    raisedBy: DETAILS,
    data: { subject },
    notes:
      "`data.subject` carries the details as they now are; the previous primary name stays among the names as an alias. Raised beside subject.details.changed; the hub re-lodges the subject's HMPO watch entries with the new details (passport-watchlist.md).",
  },
};

/** The hub's own events (HUB_EVENT_TYPES): no subject, no agreement, sent to a pushed kind only. */
const HUB_EVENTS: Record<HubEventType, { summary: string; raisedBy: string; data: JsonSchema }> = {
  'hub.subscription.test': {
    summary:
      'A test delivery the subscribing agency asked for, to check its endpoint receives and verifies signed events.',
    raisedBy: 'POST /v1/subscriptions/{id}/test (src/delivery/subscription-test.ts)',
    data: shape<{ test: unknown }>('No personal data: which subscription, and when the test was asked for.', {
      test: shape<{ subscriptionId: string; requestedAt: string }>('The test asked for.', {
        subscriptionId: str('The subscription tested.', { format: 'uuid' }),
        requestedAt: dateTime('When POST /v1/subscriptions/{id}/test was received.'),
      }),
    }),
  },
};

function hubMessage(type: HubEventType): JsonSchema {
  const entry = HUB_EVENTS[type];
  const example = exampleHubEvent(type, HUB_EVENT_TYPES.indexOf(type));
  return {
    name: type,
    title: type,
    summary: entry.summary,
    description:
      "One of the hub's own events: about no subject and carrying no record content, so it has no `subject`, `sequence` or `agreement`, relies on no agreement and is classified OFFICIAL. It is sent only to the agency it is addressed to; nobody subscribes to it. Signed, retried and recorded like any delivery.",
    contentType: 'application/cloudevents+json',
    headers: ref('WebhookHeaders'),
    payload: {
      allOf: [
        ref('HubCloudEvent'),
        { type: 'object', properties: { type: { const: type }, data: entry.data }, required: ['type', 'data'] },
      ],
    },
    examples: [
      {
        name: `${type}-example`,
        summary: `${type} as an agency receives it when it asks for a test delivery. ${EXAMPLE_SIGNING}`,
        headers: exampleWebhookHeaders(example),
        payload: example,
      },
    ],
    'x-event-type': type,
    'x-raised-by': entry.raisedBy,
  };
}

const PROJECTION =
  '`data` is projected per recipient: it holds only what the agreement(s) relied on allow (the union of their `fields`, minus facts whose provenance kind they all exclude). ' +
  'Every property is therefore optional, and a property not allowed is absent, never null; a null inside an allowed property means the hub does not know the value. ' +
  'Top-level keys are canonical field names (agreements.md); `x-field-paths` lists the agreement field paths that disclose each key.';

function fieldPathsFor(key: DataKey): string[] {
  return FIELD_PATHS.filter((p) => p === key || p.startsWith(`${key}.`));
}

const isHubReference = (key: string): key is HubReferenceKey => (HUB_REFERENCE_KEYS as readonly string[]).includes(key);

function dataSchema(type: EventType, entry: EventEntry): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, schema] of Object.entries(entry.data) as [DataKey, JsonSchema][]) {
    const paths = fieldPathsFor(key);
    properties[key] = isHubReference(key)
      ? {
          allOf: [schema],
          'x-field-paths': [],
          description: 'A hub reference (ids only): sent to every recipient the event goes to.',
        }
      : paths.length
        ? { allOf: [schema], 'x-field-paths': paths }
        : {
            allOf: [schema],
            'x-field-paths': [],
            description: `No agreement field path names \`${key}\` (agreements.md), so it is withheld from every recipient.`,
          };
  }
  return { type: 'object', title: `${type} data`, description: PROJECTION, properties };
}

function messageName(type: EventType): string {
  return type;
}

function message(type: EventType, entry: EventEntry): JsonSchema {
  const example = exampleCloudEvent(type, EVENT_TYPES.indexOf(type));
  const details = [
    entry.notes,
    entry.raisedBy === 'not yet' ? 'Not raised by the hub yet: the payload shown is the intended one.' : undefined,
  ].filter(Boolean);
  return {
    name: messageName(type),
    title: type,
    summary: entry.summary,
    ...(details.length ? { description: details.join('\n\n') } : {}),
    contentType: 'application/cloudevents+json',
    headers: ref('WebhookHeaders'),
    payload: {
      allOf: [
        ref('CloudEvent'),
        {
          type: 'object',
          properties: { type: { const: type }, data: dataSchema(type, entry) },
          required: ['type', 'data'],
        },
      ],
    },
    examples: [
      {
        name: `${type}-example`,
        summary: `${type} as police.west-yorkshire would receive it under an agreement allowing every field (fictional person). ${EXAMPLE_SIGNING}`,
        headers: exampleWebhookHeaders(example),
        payload: example,
      },
    ],
    'x-event-type': type,
    'x-raised-by': entry.raisedBy,
  };
}

// ---- operational events (docs/adr/0023) -----------------------------------------------------------

const subscriptionId = str('The subscription this is about: one of yours (GET /v1/subscriptions).', { format: 'uuid' });
const failingSince = nullable(dateTime('When the failed attempts in a row began.'));
const lastStatusCode = nullable(int("The receiver's HTTP status at the last attempt; null when it did not answer."));
const RAISED_BY_HEALTH = 'src/delivery/subscription-health.ts (webhook attempts)';
const EXAMPLE_SUBSCRIPTION_ID = '5b0e8c1d-2f4a-4e6b-9c7d-000000000001';

/** One entry per operational event type: adding to OPERATIONAL_EVENT_TYPES without describing it fails typecheck. */
const OPERATIONAL_EVENTS: Record<
  OperationalEventType,
  { summary: string; data: Record<string, JsonSchema>; required: string[]; example: Record<string, unknown> }
> = {
  'hub.subscription.failing': {
    summary:
      'Your webhook endpoint has failed HUB_FAILING_AFTER_ATTEMPTS (default 5) attempts in a row, with no success between; the hub keeps retrying each delivery on its schedule. Told once, until it recovers.',
    data: {
      subscriptionId,
      consecutiveFailures: int('Failed attempts in a row.', { minimum: 1 }),
      failingSince,
      lastStatusCode,
      lastError: nullable(str('What the last attempt met, e.g. "receiver answered 500" or "timed out".')),
      retrying: bool('Always true: deliveries are still being retried (72 hours, then dead-lettered).'),
    },
    required: ['subscriptionId', 'consecutiveFailures', 'failingSince', 'lastStatusCode', 'lastError', 'retrying'],
    example: {
      subscriptionId: EXAMPLE_SUBSCRIPTION_ID,
      consecutiveFailures: 5,
      failingSince: '2026-11-20T06:25:00.000Z',
      lastStatusCode: 500,
      lastError: 'receiver answered 500',
      retrying: true,
    },
  },
  'hub.subscription.recovered': {
    summary: 'A delivery to your webhook endpoint succeeded after it was reported failing or disabled.',
    data: {
      subscriptionId,
      failedAttempts: int('Failed attempts in a row before this success.', { minimum: 0 }),
      failingSince,
    },
    required: ['subscriptionId', 'failedAttempts', 'failingSince'],
    example: { subscriptionId: EXAMPLE_SUBSCRIPTION_ID, failedAttempts: 7, failingSince: '2026-11-20T06:25:00.000Z' },
  },
  'hub.subscription.disabled': {
    summary:
      'The hub disabled your subscription: the receiver answered 410 Gone. Nothing more is sent to it; make a new subscription (and ask an operator to replay the dead letters).',
    data: {
      subscriptionId,
      reason: str('Why, e.g. "receiver answered 410 Gone".'),
      lastStatusCode,
      failingSince,
    },
    required: ['subscriptionId', 'reason', 'lastStatusCode', 'failingSince'],
    example: {
      subscriptionId: EXAMPLE_SUBSCRIPTION_ID,
      reason: 'receiver answered 410 Gone',
      lastStatusCode: 410,
      failingSince: '2026-11-20T08:59:58.000Z',
    },
  },
};

function operationalMessage(type: OperationalEventType): JsonSchema {
  const entry = OPERATIONAL_EVENTS[type];
  return {
    name: type,
    title: type,
    summary: entry.summary,
    description:
      'An operational event: about your own subscription, never about a person. It comes in your feed (GET /v1/feed) whatever your subscriptions, and GET /v1/deliveries?subscriptionId= shows the latest.',
    contentType: 'application/cloudevents+json',
    payload: {
      allOf: [
        ref('OperationalCloudEvent'),
        {
          type: 'object',
          properties: {
            type: { const: type },
            data: {
              type: 'object',
              title: `${type} data`,
              properties: entry.data,
              required: entry.required,
              additionalProperties: false,
            },
          },
          required: ['type', 'data'],
        },
      ],
    },
    examples: [
      {
        name: `${type}-example`,
        summary: `${type} as it comes in the owning agency's feed (no webhook headers: it is never pushed).`,
        payload: toOperationalCloudEvent({
          id: `9c2d0b3a-4e5f-4a6b-8c7d-${String(OPERATIONAL_EVENT_TYPES.indexOf(type) + 1).padStart(12, '0')}`,
          type,
          subscriptionId: EXAMPLE_SUBSCRIPTION_ID,
          createdAt: '2026-11-20T09:00:00.000Z',
          data: entry.example,
        }),
      },
    ],
    'x-event-type': type,
    'x-raised-by': RAISED_BY_HEALTH,
  };
}

// ---- envelope, headers, feed ----------------------------------------------------------------------

const ENVELOPE_SCHEMAS: Record<string, JsonSchema> = {
  CloudEvent: {
    type: 'object',
    description:
      'A CloudEvents 1.0 structured-mode event (src/canonical/cloud-event.ts): the same object is the body of a webhook delivery and an item of the feed.',
    properties: {
      specversion: { const: '1.0' },
      id: str(
        'The event id: the same for every recipient and every retry; acknowledge it with POST /v1/events/{id}/acknowledgements.',
        { format: 'uuid' },
      ),
      source: { const: '/hub' },
      type: enumOf(EVENT_TYPES, 'The event type (events.md).'),
      subject: str("The hub's subject id: who the event is about.", { format: 'uuid' }),
      time: dateTime('When the hub recorded the event.'),
      datacontenttype: { const: 'application/json' },
      agreement: str(
        'Extension attribute: the id(s) of the data-sharing agreement(s) that authorised this delivery, space separated, sorted.',
      ),
      classification: str('Extension attribute: the protective marking, e.g. OFFICIAL-SENSITIVE.'),
      dataschema: str(
        "The JSON Schema of this event type's CloudEvent, a URI reference relative to the hub (like `source`): GET it from the hub, or read the message of the same name here.",
        { pattern: `^${EVENT_DOCS_PATH}/[a-z.-]+\\.schema\\.json$` },
      ),
      sequence: str(
        `Extension attribute (CloudEvents sequence extension, a String compared as text): per-subject, increasing with each event about the subject, zero-padded to ${SEQUENCE_DIGITS} digits so text order is numeric order (gaps are events this recipient does not receive). Changed: an integer before catalogue version 2.`,
        { pattern: `^[0-9]{${SEQUENCE_DIGITS}}$` },
      ),
      sequencenum: int('Extension attribute: the same per-subject number as `sequence`, as an integer.', {
        minimum: 1,
      }),
      linkbasis: enumOf(
        LINK_BASES,
        'Extension attribute, when the event came from an inbound message: how that message was linked to the subject; REVIEWED on subject.merged, a link a person decided.',
      ),
      linkscore: str(
        'Extension attribute, when the link came from comparing the person (NAME_AND_DATE_OF_BIRTH, SCORED): the match probability, 0 to 1, four decimals.',
        {
          pattern: '^(0|1)\\.[0-9]{4}$',
        },
      ),
      backloaded: {
        type: 'boolean',
        const: true,
        description:
          'Extension attribute, only on events raised by the bulk import of history (`hub import`), sent only under agreements with `backloaded: deliver`.',
      },
      data: { type: 'object', description: PROJECTION },
    },
    required: [
      'specversion',
      'id',
      'source',
      'type',
      'subject',
      'time',
      'datacontenttype',
      'agreement',
      'classification',
      'sequence',
      'sequencenum',
      'dataschema',
      'data',
    ],
  },
  HubCloudEvent: {
    type: 'object',
    description:
      "A CloudEvents 1.0 structured-mode event of the hub's own (HUB_EVENT_TYPES): no subject, no agreement.",
    properties: {
      specversion: { const: '1.0' },
      id: str('The event id.', { format: 'uuid' }),
      source: { const: '/hub' },
      type: enumOf(HUB_EVENT_TYPES, "The hub's own event type."),
      time: dateTime('When the hub recorded the event.'),
      datacontenttype: { const: 'application/json' },
      classification: { const: 'OFFICIAL' },
      data: { type: 'object' },
    },
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'classification', 'data'],
  },
  WebhookHeaders: {
    type: 'object',
    description:
      'Standard Webhooks headers of a webhook delivery (https://www.standardwebhooks.com). The signed content is "{webhook-id}.{webhook-timestamp}.{body}". Feed items carry no headers of their own.',
    properties: {
      'content-type': { const: 'application/cloudevents+json' },
      'webhook-id': str(
        'The delivery id: one per event and subscription, stable across retries; use it to drop duplicates.',
      ),
      'webhook-timestamp': str('Unix seconds when this attempt was signed (new on each retry).', {
        pattern: '^[0-9]+$',
      }),
      'webhook-signature': str(
        "Space-separated signatures: `v1a,<base64 ed25519 signature>` by the hub's key (public keys at GET /.well-known/jwks.json, so anyone can check the hub sent it) and `v1,<base64 HMAC-SHA256>` keyed with the subscription's own secret (whsec_..., returned when the subscription is created or its secret rotated), verifiable with the official Standard Webhooks libraries. For a while after POST /v1/subscriptions/{id}/secret/rotation (until its previousSecretExpiresAt) there are two `v1` signatures, with the new secret first, then the old: a receiver holding either verifies.",
        { pattern: '^v1a,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+){0,2}$' },
      ),
    },
    required: ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature'],
  },
  OperationalCloudEvent: {
    type: 'object',
    description:
      'A CloudEvents 1.0 event about one of your own subscriptions (src/canonical/operational-cloud-event.ts; docs/adr/0023): `hub.` types only, no personal data, so no `agreement` or `sequence`.',
    properties: {
      specversion: { const: '1.0' },
      id: str('The operational event id.', { format: 'uuid' }),
      source: { const: '/hub' },
      type: enumOf(OPERATIONAL_EVENT_TYPES, 'The operational event type.'),
      subject: str('The subscription: `subscriptions/<id>`.', { pattern: '^subscriptions/[0-9a-f-]{36}$' }),
      time: dateTime('When the hub raised it.'),
      datacontenttype: { const: 'application/json' },
      classification: { const: 'OFFICIAL' },
      data: { type: 'object' },
    },
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'classification', 'data'],
  },
  FeedPage: {
    type: 'object',
    description:
      "The body of GET /v1/feed: the caller's events after the cursor, oldest first, each a CloudEvent projected by today's agreements, or an operational event about one of the caller's subscriptions.",
    properties: {
      events: arr({ oneOf: [ref('CloudEvent'), ref('OperationalCloudEvent')] }),
      nextCursor: str('Always present; equal to `after` when nothing is new. Survives restarts.'),
    },
    required: ['events', 'nextCursor'],
  },
};

// ---- the document --------------------------------------------------------------------------------

/**
 * A pushed kind also carries the hub's own events (a subscription's test); a pulled kind (the
 * feed) carries the operational events instead, never pushed (adr/0023).
 */
const typesOn = (kind: DeliveryKind): string[] => [
  ...EVENT_TYPES,
  ...(isPushed(kind) ? HUB_EVENT_TYPES : OPERATIONAL_EVENT_TYPES),
];
const channelMessages = (kind: DeliveryKind) =>
  Object.fromEntries(typesOn(kind).map((type) => [type, { $ref: `#/components/messages/${type}` }]));
const operationMessages = (kind: DeliveryKind) =>
  typesOn(kind).map((type) => ({ $ref: `#/channels/${kind}/messages/${type}` }));

/**
 * One channel per delivery kind (src/canonical/delivery-kinds.ts): a pushed kind is sent to the
 * subscriber's own endpoint; a pulled kind is read from the hub with an agency token.
 */
function channel(kind: DeliveryKind) {
  const { catalogue } = DELIVERY_KINDS[kind];
  const pushed = isPushed(kind);
  return {
    address: catalogue.address,
    title: catalogue.title,
    description: catalogue.description,
    servers: [{ $ref: pushed ? '#/servers/subscriber' : '#/servers/hub' }],
    messages: channelMessages(kind),
  };
}

function operation(kind: DeliveryKind) {
  const { catalogue } = DELIVERY_KINDS[kind];
  return {
    action: 'receive',
    channel: { $ref: `#/channels/${kind}` },
    title: catalogue.operationTitle,
    summary: catalogue.summary,
    ...(isPushed(kind) ? {} : { security: [{ $ref: '#/components/securitySchemes/agencyToken' }] }),
    bindings: catalogue.bindings,
    messages: operationMessages(kind),
  };
}

/** The catalogue as a plain object (AsyncAPI 3.0). */
export function buildAsyncApiDocument(): Record<string, unknown> {
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: 'urn:information-sharing-hub:events',
    info: {
      title: 'Information-sharing hub for public protection: events',
      version: CATALOGUE_VERSION,
      description: [
        'Every event the hub publishes (events.md), as a subscribing agency receives it: pushed to its webhook, or pulled from its feed.',
        'Each event is a CloudEvents 1.0 structured event about one subject. ' + PROJECTION,
        'Subscribe with POST /v1/subscriptions (api.md); an agency receives an event only when an active data-sharing agreement names it as a recipient, lists the event type, and its conditions hold for the subject.',
        'Messages marked `x-raised-by: not yet` are part of the contract but nothing raises them today; their payload is the intended one.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      hub: {
        host: '{host}',
        protocol: 'https',
        description: 'The hub (pull mode: GET /v1/feed).',
        variables: { host: { description: 'Where the hub is deployed.', default: 'localhost:3000' } },
        security: [{ $ref: '#/components/securitySchemes/agencyToken' }],
      },
      subscriber: {
        host: '{host}',
        protocol: 'https',
        description: "The receiving agency's webhook endpoint: the https URL given when subscribing.",
        variables: { host: { description: "The subscriber's host.", default: 'agency.example' } },
      },
    },
    channels: Object.fromEntries(DELIVERY_KIND_NAMES.map((kind) => [kind, channel(kind)])),
    operations: Object.fromEntries(
      DELIVERY_KIND_NAMES.map((kind) => [DELIVERY_KINDS[kind].catalogue.operationId, operation(kind)]),
    ),
    components: {
      schemas: { ...ENVELOPE_SCHEMAS, ...FACT_SCHEMAS },
      messages: {
        ...Object.fromEntries(EVENT_TYPES.map((type) => [messageName(type), message(type, EVENTS[type])])),
        ...Object.fromEntries(HUB_EVENT_TYPES.map((type) => [type, hubMessage(type)])),
        ...Object.fromEntries(OPERATIONAL_EVENT_TYPES.map((type) => [type, operationalMessage(type)])),
      },
      securitySchemes: {
        agencyToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "An agency's signed token (api.md) with the feed:read scope.",
        },
      },
    },
  };
}

const ALL_SCHEMAS: Record<string, JsonSchema> = { ...ENVELOPE_SCHEMAS, ...FACT_SCHEMAS };

/**
 * The JSON Schema (draft-07) of one event type's `data`, standing alone: the component schemas
 * it uses are copied under `definitions`. Served at the CloudEvent's `dataschema`.
 */
export function eventDataJsonSchema(type: EventType | HubEventType): JsonSchema {
  const data = isHubEventType(type) ? HUB_EVENTS[type].data : dataSchema(type, EVENTS[type]);
  const definitions: Record<string, JsonSchema> = {};
  const pending = [data];
  while (pending.length) {
    const text = JSON.stringify(pending.pop());
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      if (definitions[name]) continue;
      definitions[name] = ALL_SCHEMAS[name];
      pending.push(ALL_SCHEMAS[name]);
    }
  }
  const local = (schema: JsonSchema) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/definitions/')) as JsonSchema;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...local(data),
    definitions: Object.fromEntries(Object.entries(definitions).map(([name, schema]) => [name, local(schema)])),
  };
}

/** What the HTML catalogue shows of each event type. */
export interface EventDescription {
  type: EventType;
  summary: string;
  notes?: string;
  audience: string;
  raisedBy: string;
  data: JsonSchema;
  example: ReturnType<typeof exampleCloudEvent>;
  /** Component schemas, for following `$ref`s. */
  schemas: Record<string, JsonSchema>;
}

const AUDIENCE =
  'Each agency subscribed to it whose active data-sharing agreement lists it and whose conditions (areas, MAPPA categories) hold for the subject; data projected to that agreement’s fields.';

/** Who receives them, where that is more than the agreements that list them. */
const PARTY = (who: string) =>
  `${who} (with an agreement in force naming it and listing the event; its area and category conditions are not asked: it took part), and each other agency subscribed under an agreement listing it whose conditions hold.`;
const AUDIENCES: Partial<Record<EventType, string>> = {
  'mappa.meeting.held': PARTY('Every attendee agency and the chair’s'),
  'mappa.action.assigned': PARTY("The action's owner agency"),
  'mappa.action.updated': PARTY("The action's owner agency"),
  'deadline.due': `${AUDIENCE} A MAPPA_ACTION clock goes to the action's owner, MAPPA_ACTION_ESCALATED to the chair.`,
  'deadline.overdue': `${AUDIENCE} A MAPPA_ACTION clock goes to the action's owner, MAPPA_ACTION_ESCALATED to the chair.`,
  'record.corrected':
    'Only the agencies that received the events it lists (whether or not subscribed to it), under the agreements those deliveries relied on.',
  'responsibility.gap': "The police of the gap's area, under an agreement listing it.",
  'alert.issued':
    'A duty-to-cooperate agency whose agreement carries alert.issued and names the raising event in alertOn.',
};

export function eventDescriptions(): EventDescription[] {
  return EVENT_TYPES.map((type, i) => ({
    type,
    summary: EVENTS[type].summary,
    notes: EVENTS[type].notes,
    audience: AUDIENCES[type] ?? AUDIENCE,
    raisedBy: EVENTS[type].raisedBy,
    data: dataSchema(type, EVENTS[type]),
    example: exampleCloudEvent(type, i),
    schemas: ALL_SCHEMAS,
  }));
}

let cached: string | undefined;

/** The catalogue as served: YAML, built once. */
export function asyncApiYaml(): string {
  cached ??= stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false, lineWidth: 0 });
  return cached;
}
