import type { CivilDate } from './civil-date';
import type { Provenance } from './provenance';
import type { CourtDisposal } from './disposals';
import type { Finding } from './findings';
import type { LeadAgency } from './lead-agencies';

/** Identifier schemes a caller may look subjects up by (api.md). */
export type IdentifierScheme = 'PNC' | 'CRO' | 'CRN' | 'NOMS' | 'PASSPORT' | 'NINO';
export const IDENTIFIER_SCHEMES: readonly IdentifierScheme[] = ['PNC', 'CRO', 'CRN', 'NOMS', 'PASSPORT', 'NINO'];

export interface PersonName {
  forenames: string;
  surname: string;
  type: 'PRIMARY' | 'ALIAS';
  provenance: Provenance;
}

export interface Identifier {
  scheme: IdentifierScheme;
  value: string;
  provenance: Provenance;
}

/** A source system's own key for the person, e.g. a court's defendant id; never disclosed. */
export interface SourceReference {
  source: string;
  value: string;
}

export interface Address {
  line1?: string;
  line2?: string;
  town?: string;
  postcode?: string;
  /** From probation: HOME, APPROVED_PREMISES or TEMPORARY, and since when. */
  type?: string;
  from?: CivilDate;
  provenance: Provenance;
}

export interface Court {
  code: string;
  name: string;
  level: 'CROWN' | 'MAGISTRATES' | 'YOUTH';
}

export type Disposal = CourtDisposal;

export interface Sentence {
  sentenceDate: CivilDate;
  disposal: Disposal;
  custodialTermMonths?: number;
  life?: boolean;
  restrictionOrder?: boolean;
  dischargeMonths?: number;
}

export interface Conviction {
  /** Stable key: hearing key + offence sequence, so a re-sent result updates rather than duplicates. */
  convictionId: string;
  hearingKey: string;
  court: Court;
  caseUrn: string;
  offenceSequence: number;
  offenceCode: string;
  wording: string;
  legislation?: string;
  offenceDate?: CivilDate;
  finding: Finding;
  convictionDate: CivilDate;
  notificationCertificate: boolean;
  /** Null while sentence is adjourned. */
  disposal: Disposal | null;
  sentence: Sentence | null;
  provenance: Provenance;
}

/** Period as the read model shows it: 'INDEFINITE', 'PENDING_SENTENCE' or an ISO duration. */
export type RegistrationPeriod = string;

export interface Registration {
  registrationId: string;
  /** What brought the requirements: a notifiable conviction at a hearing, or an SHPO alone. */
  basis: 'CONVICTION' | 'ORDER' | 'CAUTION';
  /** The hearing key (basis CONVICTION) or order ref (basis ORDER). */
  basisRef: string;
  startDate: CivilDate;
  period: RegistrationPeriod;
  /** Last day under the statutory table alone (inclusive); null when indefinite or pending. */
  periodEndDate: CivilDate | null;
  /** Last day the requirements apply, after any SHPO extension; null if indefinite. */
  endDate: CivilDate | null;
  /** Why endDate differs from the table's, when it does: an SHPO extended it, or its discharge ended it. */
  endDateReason: { kind: 'EXTENDED_BY_ORDER' | 'ORDER_DISCHARGED'; orderRef: string } | null;
  reviewEligibleFrom: CivilDate | null;
  reviewEligibleFromProvisional: boolean;
  /** An SHPO in force bars a review of an indefinite requirement (domain.md). */
  reviewBarredByOrder: boolean;
  juvenile: boolean;
  provenance: Provenance;
}

export type OrderType = 'SHPO' | 'SRO' | 'NOTIFICATION_ORDER' | 'RESTRAINING_ORDER' | 'SOPO';

export interface OrderDuration {
  years?: number;
  until?: CivilDate;
  indefinite?: boolean;
}

export interface Prohibition {
  code: string;
  text: string;
  countries?: string[];
  until?: CivilDate;
}

export interface Order {
  orderRef: string;
  orderType: OrderType;
  /** ACTIVE or DISCHARGED as recorded; the read model shows EXPIRED once endDate has passed. */
  status: 'ACTIVE' | 'DISCHARGED';
  madeOn: CivilDate;
  duration: OrderDuration;
  /** Last day the order has effect; null if indefinite. */
  endDate: CivilDate | null;
  variedOn?: CivilDate;
  dischargedOn?: CivilDate;
  prohibitions: Prohibition[];
  passportSurrender: boolean;
  court: Court;
  provenance: Provenance;
}

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A completed risk assessment (OASys, ARMS, RM2000), kept whole: history is the point. */
export interface RiskAssessment {
  /** The source system's event id: the same assessment sent twice is recorded once. */
  assessmentId: string;
  tool: 'OASYS' | 'ARMS' | 'RM2000';
  completedOn: CivilDate;
  roshOverall: RiskLevel;
  rosh: { children: RiskLevel; public: RiskLevel; knownAdult: RiskLevel; staff: RiskLevel; prisoners: RiskLevel };
  osp?: { directContact: RiskLevel; indecentImages: RiskLevel };
  rm2000?: { sexual: RiskLevel; violent: RiskLevel; combined: RiskLevel };
  assessor: { name: string; role: string };
  countersignedBy?: { name: string; role: string };
  nextReviewDue: CivilDate;
  provenance: Provenance;
}

/**
 * A risk management plan (mappa.md), from probation or the police. It names the assessment it
 * answers by that assessment's completion date: the hub's RISK_MANAGEMENT_PLAN clock for that
 * assessment is met by it, and by nothing else.
 */
export interface RiskManagementPlan {
  /** The source message's id: the same plan sent twice is recorded once. */
  planId: string;
  recordedOn: CivilDate;
  assessmentCompletedOn: CivilDate;
  /** The MAPPA meeting that agreed it, by the MAPPA unit's id. */
  meetingId?: string;
  summary: string;
  reviewOn: CivilDate;
  provenance: Provenance;
}

export interface MappaStatus {
  changeId: string;
  category: 1 | 2 | 3 | 4;
  level: 1 | 2 | 3;
  startDate: CivilDate;
  reviewDate?: CivilDate;
  leadAgency: LeadAgency;
  provenance: Provenance;
}

export interface Licence {
  startDate: CivilDate;
  expiryDate: CivilDate;
  conditions: { code: string; text: string }[];
  provenance: Provenance;
}

export interface OffenderManager {
  name: string;
  team: string;
  email: string;
  phone: string;
  provenance: Provenance;
}

/** Custody milestones as probation or a prison reports them; the latest decides whether the person is out. */
export interface CustodyEvent {
  eventId: string;
  kind: 'RECEIVED' | 'TRANSFERRED' | 'RELEASED' | 'RECALLED';
  on: CivilDate;
  establishment?: string;
  licenceExpiry?: CivilDate;
  reason?: string;
  /** From a prison: the establishment's code (and, on release, the release type and area). */
  establishmentCode?: string;
  releaseType?: string;
  releaseArea?: string;
  provenance: Provenance;
}

/** A probation transfer to another provider, as requested and (later) accepted (probation.md). */
export interface ProbationTransfer {
  transferId: string;
  kind: 'REQUESTED' | 'ACCEPTED';
  toProvider: { code: string; name: string };
  on: CivilDate;
  reason?: string;
  provenance: Provenance;
}

/** A release date a prison has set (prison.md RELEASE_DATE_SET): the plan the release area works to. */
export interface ReleasePlan {
  eventId: string;
  expectedOn: CivilDate;
  releaseType: string;
  releaseArea: string;
  establishment: string;
  address?: { line1: string; line2?: string; town: string; postcode: string; type: string; from: CivilDate };
  provenance: Provenance;
}

/** A police caution (PNC); a notifiable one brings notification requirements. */
export interface Caution {
  cautionId: string;
  cautionedOn: CivilDate;
  offenceCode: string;
  wording: string;
  notifiable: boolean;
  youth: boolean;
  provenance: Provenance;
}

export interface WarningSignal {
  code: string;
  description: string;
  provenance: Provenance;
}

export const NOTIFICATION_KINDS = [
  'INITIAL',
  'CHANGE_OF_DETAILS',
  'ANNUAL',
  'FOREIGN_TRAVEL',
  'RESIDING_WITH_CHILD',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What the offender notified the police of. Everything here was collected through the
 * notification requirements (provenance NOTIFICATION): disclosure schemes may not use it.
 */
export interface NotificationDetails {
  names?: { forenames: string; surname: string }[];
  address?: { line1: string; line2?: string; town: string; postcode: string };
  passports?: { number: string; issuingCountry: string; expiresOn?: CivilDate }[];
  bankAccounts?: { sortCode: string; accountNumber: string }[];
  cards?: { last4: string; expiresOn?: string }[];
  emails?: string[];
  phones?: string[];
  nino?: string;
  destination?: string;
  departOn?: CivilDate;
  returnOn?: CivilDate;
  childAddress?: { line1: string; line2?: string; town: string; postcode: string };
}

export interface OffenderNotification {
  notificationId: string;
  kind: NotificationKind;
  receivedOn: CivilDate;
  details: NotificationDetails;
  provenance: Provenance;
}

/** A passport application by the subject while watched, with how the applicant differed from the record. */
export interface WatchlistHitFact {
  hitId: string;
  watchlistRef: string;
  orderRef: string | null;
  application: { type: string; receivedOn: CivilDate; office: string };
  applicant: {
    surname: string;
    forenames: string;
    dateOfBirth: CivilDate;
    address?: { line1: string; line2?: string; town: string; postcode: string };
  };
  differences: { field: string; held: string | null; applied: string }[];
  provenance: Provenance;
}

export const RESPONSIBILITY_KINDS = [
  'PROBATION_MANAGER',
  'POLICE_MANAGER',
  'CUSTODY',
  'MAPPA_LEAD',
  'RESIDENCE',
  'CONVICTING_COURT',
] as const;
export type ResponsibilityKind = (typeof RESPONSIBILITY_KINDS)[number];

/**
 * Who is responsible for the person in an area, for a period (responsibility.md). Current while
 * `to` is absent; closed facts are kept as history. Agreements judge areas on the current ones.
 */
export interface ResponsibilityFact {
  kind: ResponsibilityKind;
  /** The agency (or lead agency kind, for MAPPA_LEAD) that holds it, when known. */
  agency?: string;
  /** A unit within it: the prison establishment, the probation provider. */
  unit?: { code: string; name: string };
  area: string;
  from: CivilDate;
  to?: CivilDate;
  provenance: Provenance;
}

/**
 * Nobody manages the person where they now are (responsibility.md): open until a police manager
 * exists in that area or the person moves on. Listed at GET /v1/admin/responsibility/gaps.
 */
export interface ResponsibilityGap {
  kind: 'UNMANAGED_ARRIVAL';
  area: string;
  from: CivilDate;
  to?: CivilDate;
  provenance: Provenance;
}

/** The canonical offender record: one per person, every fact with its provenance. */
export interface SubjectRecord {
  names: PersonName[];
  /** The newest statedAt of the claims whose name, date of birth, sex and address the record took. */
  detailsAsOf?: string;
  dateOfBirth: { value: CivilDate; provenance: Provenance } | null;
  sex?: { value: 'M' | 'F' | 'X' | 'U'; provenance: Provenance };
  nationality?: { value: string; provenance: Provenance };
  identifiers: Identifier[];
  sourceReferences: SourceReference[];
  address: Address | null;
  convictions: Conviction[];
  registrations: Registration[];
  orders: Order[];
  // From probation (optional: records made before these sources joined have none).
  /** Every assessment received, newest `completedOn` first; the first is current. */
  riskAssessments?: RiskAssessment[];
  /** Risk management plans from probation and police, newest `recordedOn` first. */
  riskPlans?: RiskManagementPlan[];
  /** MAPPA history, newest `startDate` first; the first is current. */
  mappa?: MappaStatus[];
  licence?: Licence | null;
  offenderManager?: OffenderManager | null;
  /** Releases and recalls, newest first. */
  custody?: CustodyEvent[];
  /** The release a prison has scheduled, until the person is released. */
  releasePlan?: ReleasePlan | null;
  supervisionEnded?: { endedOn: CivilDate; reason: string; provenance: Provenance } | null;
  /** Transfers requested and accepted, in the order received. */
  probationTransfers?: ProbationTransfer[];
  // From police (PNC).
  cautions?: Caution[];
  warningSignals?: WarningSignal[];
  /** Notifications received, newest first. */
  notifications?: OffenderNotification[];
  // From HMPO.
  watchlistHits?: WatchlistHitFact[];
  /** Responsibility facts, current and past, in the order they were stated (src/responsibility). */
  responsibility?: ResponsibilityFact[];
  responsibilityGaps?: ResponsibilityGap[];
}

export function emptySubjectRecord(): SubjectRecord {
  return {
    names: [],
    dateOfBirth: null,
    identifiers: [],
    sourceReferences: [],
    address: null,
    convictions: [],
    registrations: [],
    orders: [],
  };
}
