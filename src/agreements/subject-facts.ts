/** What the conditions of an agreement are tested against. */
export interface SubjectFacts {
  /** The subject's current areas (agreements.md). */
  areas: string[];
  /** Known MAPPA category, if any. */
  mappaCategory: number | null;
  /** Active notification requirements make a subject MAPPA category 1 by law (CJA 2003 s.327). */
  hasActiveRegistration: boolean;
  /** The hub wants the subject on HMPO's watchlist (an order forbids travel or takes the passport). */
  hasActiveWatchEntry?: boolean;
}
