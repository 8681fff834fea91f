import { createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { FIELD_PATHS, type Agreement } from '../agreements/agreement';
import { projectedPayload } from '../agreements/disclosure-decision';
import { toCloudEvent, type CloudEvent } from '../canonical/cloud-event';
import type { EventType, HubEventType } from '../canonical/event-types';
import type { LinkBasis } from '../canonical/link-bases';
import type { Provenance, ProvenanceKind } from '../canonical/provenance';
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
  MappaStatus,
  OffenderManager,
  OffenderNotification,
  Order,
  PersonName,
  Registration,
  ReleasePlan,
  ResponsibilityFact,
  RiskAssessment,
  RiskManagementPlan,
  WatchlistHitFact,
} from '../canonical/subject-record';

/**
 * One example CloudEvent per event type for the catalogue (asyncapi.yaml and /docs/events).
 * Fictional people and references throughout. The facts are typed by the canonical interfaces
 * (a changed fact fails typecheck here), projected by the hub's own `projectedPayload` under an
 * example agreement, and wrapped by the same `toCloudEvent` that deliveries use; the catalogue's
 * tests check each against its message's payload schema.
 */

const received = (kind: ProvenanceKind, agency: string, n: number, at: string): Provenance => ({
  kind,
  agency,
  messageId: `3f6c2a10-7b1e-4c55-9a0d-${String(n).padStart(12, '0')}`,
  receivedAt: at,
});
const FROM_COURT = received('COURT', 'court.leeds-crown', 1, '2026-09-14T10:02:11.000Z');
const FROM_PROBATION = received('PROBATION', 'probation.yorkshire', 2, '2026-10-01T09:15:40.000Z');
const FROM_PNC = received('PNC', 'police.west-yorkshire', 3, '2026-10-03T14:20:05.000Z');
const NOTIFIED = received('NOTIFICATION', 'police.west-yorkshire', 4, '2026-10-20T11:45:00.000Z');
const FROM_PRISON = received('PRISON', 'prison.hmp-leeds', 5, '2026-09-20T08:30:00.000Z');
const FROM_MAPPA = received('MAPPA', 'mappa.west-yorkshire', 6, '2026-11-05T16:10:00.000Z');
const FROM_HMPO = received('HMPO', 'hmpo', 7, '2026-11-12T12:00:00.000Z');

const names: PersonName[] = [
  { forenames: 'Alan James', surname: 'EXAMPLE', type: 'PRIMARY', provenance: FROM_COURT },
  { forenames: 'Al', surname: 'EXAMPEL', type: 'ALIAS', provenance: FROM_PNC },
];
const identifiers: Identifier[] = [
  { scheme: 'PNC', value: '2019/0012345X', provenance: FROM_COURT },
  { scheme: 'CRN', value: 'X123456', provenance: FROM_PROBATION },
];
const address: Address = {
  line1: '12 Sample Street',
  town: 'Leeds',
  postcode: 'LS6 2AB',
  type: 'HOME',
  from: '2026-06-01',
  provenance: FROM_PROBATION,
};
const subject = { names, dateOfBirth: '1984-03-17', identifiers, address };

const court: Court = { code: 'C13LS00', name: 'Leeds Crown Court', level: 'CROWN' };
const conviction: Conviction = {
  convictionId: '13LS0123426#1',
  hearingKey: 'HRG-2026-09-14-0042',
  court,
  caseUrn: '13LS0123426',
  offenceSequence: 1,
  offenceCode: 'SX03010',
  wording: 'Between 1 January 2026 and 30 April 2026 at Leeds, engaged in sexual communication with a child.',
  legislation: 'Sexual Offences Act 2003 s.15A',
  offenceDate: '2026-04-30',
  finding: 'GUILTY',
  convictionDate: '2026-09-14',
  notificationCertificate: true,
  disposal: 'IMPRISONMENT',
  sentence: { sentenceDate: '2026-09-14', disposal: 'IMPRISONMENT', custodialTermMonths: 18 },
  provenance: FROM_COURT,
};
const registration: Registration = {
  registrationId: 'REG-13LS0123426',
  basis: 'CONVICTION',
  basisRef: 'HRG-2026-09-14-0042',
  startDate: '2026-09-14',
  period: 'P10Y',
  periodEndDate: '2036-09-13',
  endDate: '2036-09-13',
  endDateReason: null,
  reviewEligibleFrom: null,
  reviewEligibleFromProvisional: false,
  reviewBarredByOrder: false,
  juvenile: false,
  provenance: FROM_COURT,
};
const order: Order = {
  orderRef: 'SHPO-LS-2026-0042',
  orderType: 'SHPO',
  status: 'ACTIVE',
  madeOn: '2026-09-14',
  duration: { years: 5 },
  endDate: '2031-09-13',
  prohibitions: [
    { code: 'P1', text: 'Not to have unsupervised contact with any child under 16.' },
    { code: 'P2', text: 'Not to travel outside the United Kingdom.', countries: [] },
  ],
  passportSurrender: true,
  court,
  provenance: FROM_COURT,
};
const caution: Caution = {
  cautionId: 'CAU-WY-2026-1187',
  cautionedOn: '2026-10-03',
  offenceCode: 'SX03011',
  wording: 'Exposure, contrary to s.66 Sexual Offences Act 2003.',
  notifiable: true,
  youth: false,
  provenance: FROM_PNC,
};
const notification: OffenderNotification = {
  notificationId: 'PNCU-2026-10-20-0007',
  kind: 'FOREIGN_TRAVEL',
  receivedOn: '2026-10-20',
  details: { destination: 'ES', departOn: '2026-12-01', returnOn: '2026-12-08' },
  provenance: NOTIFIED,
};
const assessor = { name: 'Sam Officer', role: 'Probation Officer' };
const assessment: RiskAssessment = {
  assessmentId: 'OASYS-9876543',
  tool: 'OASYS',
  completedOn: '2026-10-01',
  roshOverall: 'HIGH',
  rosh: { children: 'HIGH', public: 'MEDIUM', knownAdult: 'LOW', staff: 'LOW', prisoners: 'LOW' },
  osp: { directContact: 'MEDIUM', indecentImages: 'LOW' },
  assessor,
  nextReviewDue: '2027-04-01',
  provenance: FROM_PROBATION,
};
const plan: RiskManagementPlan = {
  planId: 'RMP-2026-0311',
  recordedOn: '2026-10-08',
  assessmentCompletedOn: '2026-10-01',
  summary: 'Weekly reporting; home visits monthly; no contact with children; review after release.',
  reviewOn: '2027-01-08',
  provenance: FROM_PROBATION,
};
const mappaStatus: MappaStatus = {
  changeId: 'MAPPA-CHG-0091',
  category: 1,
  level: 2,
  startDate: '2026-10-01',
  reviewDate: '2027-01-01',
  leadAgency: 'PROBATION',
  provenance: FROM_PROBATION,
};
const licence: Licence = {
  startDate: '2027-03-15',
  expiryDate: '2028-03-14',
  conditions: [
    { code: 'NC01', text: 'Reside at an address approved by the supervising officer.' },
    { code: 'NC07', text: 'Not to seek contact with any child under 18 without approval.' },
  ],
  provenance: FROM_PROBATION,
};
const offenderManager: OffenderManager = {
  name: 'Sam Officer',
  team: 'Leeds North Sex Offender Unit',
  email: 'sam.officer@probation.example',
  phone: '0113 496 0000',
  provenance: FROM_PROBATION,
};
const custody = (kind: CustodyEvent['kind'], on: string, extra: Partial<CustodyEvent> = {}): CustodyEvent => ({
  eventId: `CUS-${kind}-${on}`,
  kind,
  on,
  establishment: 'HMP Leeds',
  establishmentCode: 'LEI',
  provenance: FROM_PRISON,
  ...extra,
});
const releasePlan: ReleasePlan = {
  eventId: 'REL-PLAN-2027-0315',
  expectedOn: '2027-03-15',
  releaseType: 'LICENCE',
  releaseArea: 'WY',
  establishment: 'HMP Leeds',
  provenance: FROM_PRISON,
};
const chair = { name: 'DCI Jo Chair', agency: 'police.west-yorkshire' };
const action: MappaAction = {
  actionId: 'ACT-1',
  description: 'Complete a home visit and confirm the address before release.',
  owner: { agency: 'police.west-yorkshire', name: 'PC Lee Visitor', role: 'MOSOVO officer' },
  dueOn: '2026-11-19',
  status: 'OPEN',
  provenance: FROM_MAPPA,
};
const meeting: MappaMeeting = {
  meetingId: 'MTG-WY-2026-0458',
  unit: 'mappa.west-yorkshire',
  area: 'WY',
  heldOn: '2026-11-05',
  level: 2,
  chair,
  attendees: [
    { agency: 'police.west-yorkshire', role: 'Chair' },
    { agency: 'probation.yorkshire', name: 'Sam Officer', role: 'Offender manager' },
  ],
  riskSummary: 'High risk to children; risk increases on release without stable accommodation.',
  decisions: ['Approved premises on release', 'Review at level 2 in 12 weeks'],
  actions: [action],
  nextReviewOn: '2027-01-28',
  provenance: FROM_MAPPA,
};
const meetingOf = (a: MappaAction) => ({ ...a, meetingId: meeting.meetingId, area: 'WY', heldOn: '2026-11-05', chair });
const policeManager: ResponsibilityFact = {
  kind: 'POLICE_MANAGER',
  agency: 'police.west-yorkshire',
  area: 'WY',
  from: '2026-09-17',
  provenance: FROM_PNC,
};
const probationManager: ResponsibilityFact = {
  kind: 'PROBATION_MANAGER',
  agency: 'probation.yorkshire',
  unit: { code: 'N54', name: 'Yorkshire and the Humber' },
  area: 'YH',
  from: '2026-10-01',
  provenance: FROM_PROBATION,
};
const watchlistHit: WatchlistHitFact = {
  hitId: 'HIT-2026-0077',
  watchlistRef: 'WL-000123',
  orderRef: 'SHPO-LS-2026-0042',
  application: { type: 'RENEWAL', receivedOn: '2026-11-12', office: 'Durham' },
  applicant: {
    surname: 'EXAMPLE',
    forenames: 'Alan',
    dateOfBirth: '1984-03-17',
    address: { line1: '3 Other Road', town: 'Bradford', postcode: 'BD1 1AA' },
  },
  differences: [{ field: 'address.postcode', held: 'LS6 2AB', applied: 'BD1 1AA' }],
  provenance: FROM_HMPO,
};
const deadline = {
  kind: 'ANNUAL_NOTIFICATION',
  ref: 'REG-13LS0123426',
  dueOn: '2027-09-16',
  provisional: false,
  description: 'Annual notification to the police',
};
const OTHER_SUBJECT = '7d2e9b44-0c1a-4f3e-8b6d-2a9c5e1f0b33';

interface Example {
  /** `data` as the hub stores it, before projection. */
  data: Record<string, unknown>;
  /** How the message behind it was linked; absent for events the hub raised itself (clocks). */
  link?: { basis: LinkBasis; score?: number };
}

const byIdentifier = { basis: 'IDENTIFIER' } as const;
const withSubject = (data: Record<string, unknown>, link: Example['link'] = byIdentifier): Example => ({
  data: { subject, ...data },
  link,
});

const EXAMPLES: Record<EventType, Example> = {
  'subject.created': { data: { subject }, link: { basis: 'NEW_SUBJECT' } },
  'subject.details.changed': withSubject({}),
  'subject.merged': { data: { subject, mergedSubjectId: OTHER_SUBJECT }, link: { basis: 'REVIEWED' } },
  'subject.unmerged': { data: { subject, unmergedSubjectId: OTHER_SUBJECT }, link: { basis: 'REVIEWED' } },
  'conviction.recorded': withSubject({ conviction }),
  'caution.recorded': withSubject({ caution }),
  'registration.started': withSubject({ registration }),
  'registration.changed': withSubject({ registration: { ...registration, period: 'P10Y' } }),
  'registration.ended': {
    data: { registration: { ...registration, status: 'ENDED', endReason: 'PERIOD_EXPIRED' } },
  },
  'notification.received': withSubject({ notification }),
  'order.made': withSubject({ order }),
  'order.varied': withSubject({ order: { ...order, variedOn: '2026-12-02' } }),
  'order.discharged': withSubject({ order: { ...order, status: 'DISCHARGED', dischargedOn: '2027-02-10' } }),
  'order.expired': { data: { order: { ...order, status: 'EXPIRED' } } },
  'risk.assessed': withSubject({ risk: { roshOverall: 'HIGH', assessment, current: true } }),
  'risk.level.changed': withSubject({ risk: { roshOverall: 'HIGH', previousRoshOverall: 'MEDIUM', assessment } }),
  'risk.plan.recorded': withSubject({ risk: { plans: [plan] } }),
  'mappa.changed': withSubject({ mappa: { ...mappaStatus, previous: null } }),
  'licence.conditions.set': withSubject({ licence }),
  'custody.received': withSubject({ custody: custody('RECEIVED', '2026-09-14', { reason: 'SENTENCED' }) }),
  'custody.transferred': withSubject({
    custody: custody('TRANSFERRED', '2026-11-02', { establishment: 'HMP Wakefield', establishmentCode: 'WDI' }),
  }),
  'release.scheduled': withSubject({ custody: { release: releasePlan } }),
  'custody.released': withSubject({
    custody: custody('RELEASED', '2027-03-15', {
      releaseType: 'LICENCE',
      releaseArea: 'WY',
      licenceExpiry: '2028-03-14',
    }),
  }),
  'custody.recalled': withSubject({
    custody: {
      eventId: 'CUS-RECALLED-2027-06-02',
      kind: 'RECALLED',
      on: '2027-06-02',
      reason: 'Breach of licence condition NC07',
      provenance: FROM_PROBATION,
    } satisfies CustodyEvent,
  }),
  'supervision.ended': withSubject({
    supervision: { endedOn: '2028-03-14', reason: 'LICENCE_EXPIRED', provenance: FROM_PROBATION },
  }),
  'offender-manager.allocated': withSubject({ offenderManager }),
  'watchlist.entry.lodged': {
    data: {
      watchlist: {
        watchlistRef: 'WL-000123',
        orderRef: order.orderRef,
        reason: 'SHPO foreign travel prohibition',
        validUntil: '2031-09-13',
      },
    },
  },
  'watchlist.entry.withdrawn': { data: { watchlist: { watchlistRef: 'WL-000123', orderRef: order.orderRef } } },
  'watchlist.hit': withSubject({ watchlist: watchlistHit }, { basis: 'WATCHLIST_REFERENCE' }),
  'deadline.due': { data: { deadline } },
  'deadline.overdue': {
    data: {
      deadline: {
        kind: 'EVENT_UNACKNOWLEDGED',
        dueAt: '2026-11-07T16:10:00.000Z',
        eventId: '0b8f3c1e-5a2d-4e6f-9c7b-1d2e3f4a5b6c',
        eventType: 'mappa.meeting.held',
        recipient: 'probation.yorkshire',
        sourceAgency: 'mappa.west-yorkshire',
      },
    },
  },
  'alert.issued': {
    data: {
      subject: {
        names: [{ forenames: 'Alan James', surname: 'EXAMPLE', type: 'PRIMARY' }],
        dateOfBirth: '1984-03-17',
      },
      alert: {
        riskTo: {
          risks: ['Subject to a SHPO made on 2026-09-14'],
          groups: ['CHILDREN'],
          raisedBy: 'order.made',
        },
        contact: { agency: 'police.west-yorkshire', name: 'West Yorkshire Police' },
      },
    },
    link: byIdentifier,
  },
  'record.corrected': {
    data: {
      subject,
      correction: {
        reason: 'SUBJECT_UNMERGED',
        mergeId: 'c41d8e2a-9f6b-4a3c-8e1d-5b7a9c2e4f60',
        events: [
          {
            eventId: '6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
            type: 'conviction.recorded',
            subjectId: '5e0f2d8c-3b7a-4c1e-9d6f-8a2b4c6d8e0f',
            actualSubjectId: OTHER_SUBJECT,
            why: 'CONCERNS_OTHER_SUBJECT',
          },
        ],
      },
    },
  },
  'responsibility.changed': withSubject({
    responsibility: {
      before: ['WY'],
      after: ['WY', 'YH'],
      reason: 'OFFENDER_MANAGER_ALLOCATED',
      facts: [policeManager, probationManager],
    },
  }),
  'transfer.requested': withSubject({
    responsibility: {
      transfer: {
        toProvider: { code: 'N53', name: 'East Midlands' },
        toArea: 'EM',
        fromAreas: ['YH'],
        requestedOn: '2027-05-04',
        reason: 'Moving to live with family in Nottingham',
      },
    },
  }),
  'responsibility.gap': withSubject({
    responsibility: { gap: { kind: 'UNMANAGED_ARRIVAL', area: 'NT', from: '2027-05-20', provenance: FROM_PROBATION } },
  }),
  'alert.travel.conflict': {
    data: {
      alert: {
        travel: {
          notificationId: notification.notificationId,
          receivedOn: '2026-10-20',
          destination: 'ES',
          destinationName: 'Spain',
          departOn: '2026-12-01',
          returnOn: '2026-12-08',
          conflicts: [
            {
              orderRef: order.orderRef,
              orderType: 'SHPO',
              prohibition: order.prohibitions[1],
              scope: 'WHOLE_WORLD',
              inForce: { from: '2026-09-14', to: '2031-09-13' },
            },
          ],
          provenance: NOTIFIED,
        },
      },
    },
    link: byIdentifier,
  },
  'subject.identity.changed': withSubject({}),
  'mappa.meeting.held': withSubject({ mappa: { meetings: meeting } }),
  'mappa.action.assigned': withSubject({ mappa: { actions: meetingOf(action) } }),
  'mappa.action.updated': withSubject({
    mappa: {
      actions: meetingOf({
        ...action,
        status: 'DONE',
        updatedOn: '2026-11-15',
        updatedBy: 'police.west-yorkshire',
        note: 'Visited; address confirmed.',
      }),
    },
  }),
};

/** The example recipient's agreement: every field path, every channel, so each example shows all its fields. */
const EXAMPLE_AGREEMENT: Agreement = {
  id: 'DSA-2026-014',
  title: 'Example agreement',
  status: 'active',
  validFrom: '2026-04-01',
  recipients: ['police.west-yorkshire'],
  purpose: 'PUBLIC_PROTECTION',
  lawfulBasis: 'Criminal Justice Act 2003 s.325',
  eventTypes: [],
  conditions: {},
  fields: [...FIELD_PATHS],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  file: 'example',
};

const SUBJECT_ID = '9b1f6c2e-4d3a-4e8b-a7c5-1f2e3d4c5b6a';

/** The example of one event type, as police.west-yorkshire would receive it. */
export function exampleCloudEvent(type: EventType, index: number): CloudEvent {
  const { data, link } = EXAMPLES[type];
  return toCloudEvent(
    {
      eventId: `2c7d9e4f-1a3b-4c5d-8e6f-${String(index + 1).padStart(12, '0')}`,
      eventType: type,
      subjectId: SUBJECT_ID,
      eventTime: new Date(Date.UTC(2026, 10, 20, 9, 0, index)).toISOString(),
      payload: projectedPayload(data, [EXAMPLE_AGREEMENT]),
      agreementIds: [EXAMPLE_AGREEMENT.id],
      sequence: index + 1,
      link: link ?? null,
    },
    EXAMPLE_AGREEMENT.classification,
  );
}

/** The hub's own example events: no subject, sequence or agreement, classified OFFICIAL. */
const HUB_EXAMPLE_DATA: Record<HubEventType, Record<string, unknown>> = {
  'hub.subscription.test': {
    test: { subscriptionId: '5b0e8c1d-2f4a-4e6b-9c7d-000000000001', requestedAt: '2026-11-20T09:00:00.000Z' },
  },
};

export function exampleHubEvent(type: HubEventType, index: number): CloudEvent {
  return toCloudEvent(
    {
      eventId: `7e1f0a2b-3c4d-4e5f-8a9b-${String(index + 1).padStart(12, '0')}`,
      eventType: type,
      subjectId: null,
      eventTime: new Date(Date.UTC(2026, 10, 20, 9, 0, 0)).toISOString(),
      payload: HUB_EXAMPLE_DATA[type],
      agreementIds: [],
      sequence: 0,
      link: null,
    },
    'OFFICIAL',
  );
}

/**
 * Example signing material, published so a receiver can test its verifier on the examples:
 * never a real secret or key of any hub. The hub signs `"{webhook-id}.{webhook-timestamp}.{body}"`.
 */
export const EXAMPLE_SECRET = 'whsec_ZXhhbXBsZS1zZWNyZXQtZm9yLXRoZS1jYXRhbG9ndWU=';
// An ed25519 key from a fixed, published seed (PKCS#8 DER: the RFC 8410 prefix, then the seed).
const EXAMPLE_KEY = createPrivateKey({
  key: Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from('example hub signing key, public!', 'utf8'),
  ]),
  format: 'der',
  type: 'pkcs8',
});
export const EXAMPLE_PUBLIC_JWK = {
  ...(createPublicKey(EXAMPLE_KEY).export({ format: 'jwk' }) as { kty: string; crv: string; x: string }),
  kid: 'catalogue-example',
  alg: 'EdDSA',
  use: 'sig',
};
export const EXAMPLE_SIGNING = `Headers signed with the example secret ${EXAMPLE_SECRET} (v1) and an example ed25519 key, public JWK x=${EXAMPLE_PUBLIC_JWK.x} (v1a), over the payload as compact JSON.`;

/** Standard Webhooks headers of an example delivery (webhook-timestamp: its event time). */
export function exampleWebhookHeaders(event: CloudEvent): Record<string, string> {
  const id = `msg_${event.id.replace(/-/g, '').slice(0, 24)}`;
  const timestamp = String(Math.floor(Date.parse(event.time) / 1000));
  const signed = `${id}.${timestamp}.${JSON.stringify(event)}`;
  const v1a = sign(null, Buffer.from(signed), EXAMPLE_KEY).toString('base64');
  const v1 = createHmac('sha256', Buffer.from(EXAMPLE_SECRET.slice(6), 'base64'))
    .update(signed)
    .digest('base64');
  return {
    'content-type': 'application/cloudevents+json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1a,${v1a} v1,${v1}`,
  };
}
