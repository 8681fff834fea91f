/** Schemes a person has one value of: a subject holding another value is a different person. */
export const SINGLE_VALUED_SCHEMES: readonly string[] = ['PNC', 'CRO', 'CRN', 'NOMS', 'NINO'];
