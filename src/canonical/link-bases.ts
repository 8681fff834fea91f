/**
 * Why a fact was linked to its subject (the event's `linkbasis`). REVIEWED: an operator merged
 * the records. The one list: identity resolution, merges, agreements' minimumLink and the catalogue read it.
 */
export const LINK_BASES = [
  'IDENTIFIER',
  'NAME_AND_DATE_OF_BIRTH',
  'SCORED',
  'REVIEWED',
  'NEW_SUBJECT',
  'WATCHLIST_REFERENCE',
] as const;
export type LinkBasis = (typeof LINK_BASES)[number];
