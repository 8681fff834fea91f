/** A nominal as the PNC-like service describes it (pnc.md). */
export interface UpstreamNominal {
  pncId: string;
  croNumber?: string;
  names: { forenames: string; surname: string; type: 'PRIMARY' | 'ALIAS' }[];
  dateOfBirth: string;
  sex?: string;
  warningSignals?: { code: string; description: string }[];
  disposals?: { date: string; offenceCode: string; outcome: string }[];
}

/** Why the upstream gave no answer: not configured, unreachable, too slow, or nonsense. */
export class UpstreamUnavailable extends Error {}

/**
 * The port through which checks ask the police national records. Implementations must give
 * up within 2 seconds and never retry inside a check (pnc.md).
 */
export interface PncUpstream {
  search(query: { surname: string; forenames: string; dateOfBirth: string }): Promise<UpstreamNominal[]>;
  /** Null when the PNC holds no such nominal. */
  get(pncId: string): Promise<UpstreamNominal | null>;
}

export const PNC_UPSTREAM = Symbol('PNC_UPSTREAM');
