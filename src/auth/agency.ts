/** Kinds of party (api.md); the kind decides the inbound adapter an agency may push through. */
export const AGENCY_KINDS = [
  'COURT',
  'POLICE',
  'PROBATION',
  'PRISON',
  'HMPO',
  'DUTY_TO_COOPERATE',
  'MAPPA_UNIT',
  'HUB_OPERATOR',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const SCOPES = [
  'inbound:write',
  'subjects:read',
  'checks:run',
  'subscriptions:write',
  'feed:read',
  'admin',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

const RECORD_AGENCY_SCOPES: Scope[] = [
  'inbound:write',
  'subjects:read',
  'checks:run',
  'subscriptions:write',
  'feed:read',
];

/** The most each kind may hold unless its file says otherwise (api.md). */
export const DEFAULT_SCOPES: Record<AgencyKind, Scope[]> = {
  COURT: RECORD_AGENCY_SCOPES,
  POLICE: RECORD_AGENCY_SCOPES,
  PROBATION: RECORD_AGENCY_SCOPES,
  PRISON: RECORD_AGENCY_SCOPES,
  // HMPO holds subjects:read as api.md fixes, but sees only the subjects it watches: its
  // agreement's `conditions.watchlistEntry` decides (security review, item 20).
  HMPO: RECORD_AGENCY_SCOPES,
  // A MAPPA unit sends minutes and action updates, and may read and receive like the record agencies (api.md).
  MAPPA_UNIT: RECORD_AGENCY_SCOPES,
  DUTY_TO_COOPERATE: ['subscriptions:write', 'feed:read'],
  HUB_OPERATOR: ['admin', 'audit:read'],
};

export interface Agency {
  id: string;
  name: string;
  kind: AgencyKind;
  areas: string[];
  /** A JWKS file path (resolved) or an http(s) URL. */
  jwks: string;
  scopes: Scope[];
}

/** Who is calling, once their token is verified. */
export interface Caller {
  agency: Agency;
  /** The person or system account acting (`sub`), recorded in the audit log. */
  sub: string;
  scopes: Scope[];
}
