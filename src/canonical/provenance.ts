/**
 * Where a fact came from. `kind` says through which statutory channel it was collected:
 * agreements may withhold facts by kind (e.g. NOTIFICATION data from disclosure schemes).
 */
export const PROVENANCE_KINDS = ['COURT', 'PNC', 'PROBATION', 'HMPO', 'PRISON', 'NOTIFICATION'] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

export interface Provenance {
  kind: ProvenanceKind;
  /** The agency that sent the fact. */
  agency: string;
  /** The hub's id of the inbound message that carried it. */
  messageId: string;
  receivedAt: string;
}
