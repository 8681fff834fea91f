/** The six kinds of processing DPA 2018 s.62 requires a log of. */
export const AUDIT_ACTIONS = [
  'COLLECTION',
  'ALTERATION',
  'CONSULTATION',
  'DISCLOSURE',
  'COMBINATION',
  'ERASURE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  /** Finer detail, e.g. `inbound.accepted`, `subject.read`, `delivery.succeeded`. */
  operation: string;
  agencyId: string;
  /** The person or system account acting. */
  actorSub: string;
  /** Personal: erasable (with justification) once the subject's retention ends. */
  subjectId?: string | null;
  /** Personal: free text may name people, so it is erasable too. */
  justification?: string | null;
  agreementIds?: string[];
  recipients?: string[];
  correlationId?: string | null;
  /**
   * Kept for ever, so no personal data and no subject ids here (erasure could not find them):
   * delivery ids, counts, status codes. The subject goes in `subjectId`.
   */
  details?: Record<string, unknown>;
}
