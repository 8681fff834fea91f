/** The six kinds of processing DPA 2018 s.62 requires a log of. */
export type AuditAction = 'COLLECTION' | 'ALTERATION' | 'CONSULTATION' | 'DISCLOSURE' | 'COMBINATION' | 'ERASURE';

export interface AuditEntry {
  action: AuditAction;
  /** Finer detail, e.g. `inbound.accepted`, `subject.read`, `delivery.succeeded`. */
  operation: string;
  agencyId: string;
  /** The person or system account acting. */
  actorSub: string;
  subjectId?: string | null;
  justification?: string | null;
  agreementIds?: string[];
  recipients?: string[];
  correlationId?: string | null;
  /** No personal data here: ids, counts, status codes. */
  details?: Record<string, unknown>;
}
