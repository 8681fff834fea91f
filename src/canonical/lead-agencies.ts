/** Who leads a person's MAPPA management (probation.md). The one list: the probation adapter, the record and the catalogue read it. */
export const LEAD_AGENCIES = ['PROBATION', 'POLICE', 'PRISON', 'YOUTH_JUSTICE'] as const;
export type LeadAgency = (typeof LEAD_AGENCIES)[number];
