import type { CivilDate } from './civil-date';
import type { Finding } from './findings';
import type {
  Caution,
  NotificationDetails,
  NotificationKind,
  Court,
  CustodyEvent,
  IdentifierScheme,
  Licence,
  MappaStatus,
  OffenderManager,
  OrderDuration,
  OrderType,
  Prohibition,
  RiskAssessment,
  RiskManagementPlan,
  Sentence,
} from './subject-record';

/** Who a message is about, as the source describes them: the input to identity resolution. */
export interface PersonClaim {
  forenames: string;
  surname: string;
  aliases: { forenames: string; surname: string }[];
  dateOfBirth: CivilDate;
  sex?: 'M' | 'F' | 'X' | 'U';
  nationality?: string;
  identifiers: { scheme: IdentifierScheme; value: string }[];
  /** The source's own key for the person (namespaced by the sending agency). */
  sourceReference?: { source: string; value: string };
  address?: { line1?: string; line2?: string; town?: string; postcode?: string };
  /**
   * When the source says these details held (RFC 3339: a court's sentAt, probation's occurredAt,
   * the PNC's recordedAt). A claim older than the details the record holds adds what is new
   * (aliases, identifiers) but never overwrites the name, date of birth, sex or address.
   */
  statedAt?: string;
}

export interface OffenceFinding {
  sequence: number;
  offenceCode: string;
  wording: string;
  legislation?: string;
  offenceDate?: CivilDate;
  finding: Finding;
  convictionDate: CivilDate;
  notificationCertificate: boolean;
}

export interface OrderTerms {
  orderRef: string;
  orderType: OrderType;
  madeOn: CivilDate;
  duration: OrderDuration;
  prohibitions: Prohibition[];
  passportSurrender: boolean;
}

/**
 * What every command carries besides its content. `senderAreas` are the sending agency's areas
 * when the message arrived: where a responsibility fact the sender states (a court's, a probation
 * region's) lies. Ingestion stamps it and the command log keeps it, so a replay places each
 * fact where it was placed, whatever the agency files say later.
 */
export interface CommandStamp {
  senderAreas?: string[];
}

/** A court hearing's results for one defendant; only convictions and orders reach the record. */
export interface RecordHearingResult extends CommandStamp {
  kind: 'RECORD_HEARING_RESULT';
  person: PersonClaim;
  court: Court;
  caseUrn: string;
  hearingDate: CivilDate;
  findings: OffenceFinding[];
  sentence: Sentence | null;
  orders: OrderTerms[];
}

export interface VaryOrder extends CommandStamp {
  kind: 'VARY_ORDER';
  person: PersonClaim;
  court: Court;
  order: OrderTerms & { variedOn: CivilDate };
}

export interface DischargeOrder extends CommandStamp {
  kind: 'DISCHARGE_ORDER';
  person: PersonClaim;
  court: Court;
  order: OrderTerms & { dischargedOn: CivilDate };
}

type WithoutProvenance<T> = Omit<T, 'provenance'>;

/** A risk management plan, as probation or the police send it (mappa.md). */
export interface RecordRiskPlan {
  type: 'RISK_MANAGEMENT_PLAN';
  plan: WithoutProvenance<RiskManagementPlan>;
}

/** One change a probation case-management system reports (probation.md). */
export type ProbationChange =
  | { type: 'RISK_ASSESSMENT'; assessment: WithoutProvenance<RiskAssessment> }
  | RecordRiskPlan
  | { type: 'MAPPA'; mappa: WithoutProvenance<MappaStatus> }
  | { type: 'LICENCE'; licence: WithoutProvenance<Licence> }
  | { type: 'OFFENDER_MANAGER'; offenderManager: WithoutProvenance<OffenderManager> }
  | {
      type: 'ADDRESS';
      address: { line1: string; line2?: string; town: string; postcode: string; type: string; from: CivilDate };
    }
  | { type: 'CUSTODY'; custody: WithoutProvenance<CustodyEvent> }
  | { type: 'SUPERVISION_ENDED'; endedOn: CivilDate; reason: string }
  | {
      type: 'TRANSFER_REQUESTED';
      transferId: string;
      toProvider: { code: string; name: string };
      requestedOn: CivilDate;
      reason: string;
    }
  | {
      type: 'TRANSFER_ACCEPTED';
      transferId: string;
      toProvider: { code: string; name: string };
      acceptedOn: CivilDate;
    };

export interface RecordProbationUpdate extends CommandStamp {
  kind: 'RECORD_PROBATION_UPDATE';
  person: PersonClaim;
  change: ProbationChange;
}

/** One update from the police national records (pnc.md). */
export type PncChange =
  | { type: 'NOMINAL_UPDATED' }
  | { type: 'CAUTION'; caution: WithoutProvenance<Caution> }
  | RecordRiskPlan
  | { type: 'WARNING_SIGNAL'; added: boolean; code: string; description: string }
  | {
      type: 'NOTIFICATION';
      notificationId: string;
      kind: NotificationKind;
      receivedOn: CivilDate;
      details: NotificationDetails;
    };

export interface RecordPncUpdate extends CommandStamp {
  kind: 'RECORD_PNC_UPDATE';
  person: PersonClaim;
  /** The police force whose record this is (pnc.md `force`); absent in commands logged before it was kept. */
  force?: string;
  change: PncChange;
}

/** HMPO: a watched person applied for a passport (passport-watchlist.md). */
export interface RecordWatchlistHit extends CommandStamp {
  kind: 'RECORD_WATCHLIST_HIT';
  /** The applicant as HMPO saw them: compared with the record, never written over it. */
  person: PersonClaim;
  hit: {
    hitId: string;
    watchlistRef: string;
    /** The order the entry was lodged for; the hub fills it in from its own watchlist table. */
    orderRef?: string;
    application: { type: 'FIRST' | 'RENEWAL' | 'REPLACEMENT'; receivedOn: CivilDate; office: string };
    applicant: {
      surname: string;
      forenames: string;
      dateOfBirth: CivilDate;
      address?: { line1: string; line2?: string; town: string; postcode: string };
    };
  };
}

/** A prison establishment: its code, name and the police force area it lies in (prison.md). */
export interface Establishment {
  code: string;
  name: string;
  area: string;
}

export type ReleaseType = 'CONDITIONAL' | 'LICENCE' | 'END_OF_SENTENCE' | 'PAROLE';

/** One custody milestone a prison reports (prison.md). */
export type PrisonChange =
  | { type: 'RECEPTION'; receivedOn: CivilDate; reason: 'REMAND' | 'SENTENCED' | 'RECALL' }
  | { type: 'TRANSFERRED'; transferredOn: CivilDate; to: Establishment }
  | {
      type: 'RELEASE_DATE_SET';
      expectedOn: CivilDate;
      releaseType: ReleaseType;
      releaseArea: string;
      address?: ReleaseAddress;
    }
  | {
      type: 'RELEASED';
      releasedOn: CivilDate;
      releaseType: ReleaseType;
      releaseArea: string;
      address?: ReleaseAddress;
    };

export interface ReleaseAddress {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
  type: string;
  from: CivilDate;
}

export interface RecordPrisonUpdate extends CommandStamp {
  kind: 'RECORD_PRISON_UPDATE';
  person: PersonClaim;
  /** The prison system's event id: the same event sent twice is recorded once. */
  eventId: string;
  establishment: Establishment;
  change: PrisonChange;
}

/** What an inbound adapter turns a source message into: canonical, source-independent. */
export type CanonicalCommand =
  | RecordHearingResult
  | VaryOrder
  | DischargeOrder
  | RecordProbationUpdate
  | RecordPncUpdate
  | RecordWatchlistHit
  | RecordPrisonUpdate;

/** A command about nobody the hub may hold (e.g. an acquittal): kept as received, no record. */
export function touchesRecord(command: CanonicalCommand): boolean {
  if (command.kind !== 'RECORD_HEARING_RESULT') return true;
  return command.findings.length > 0 || command.orders.length > 0;
}

/** The court order refs a command names (orders belong to one person). */
export function orderRefsOf(command: CanonicalCommand): string[] {
  if (command.kind === 'RECORD_HEARING_RESULT') return command.orders.map((o) => o.orderRef);
  if (command.kind === 'VARY_ORDER' || command.kind === 'DISCHARGE_ORDER') return [command.order.orderRef];
  return [];
}
