// Written by scripts/generate-demo-keys.mjs: do not edit by hand.
/**
 * RFC 7638 thumbprints of the committed demo agency keys (config/demo). Their private halves
 * are public, so the hub trusts a JWKS holding one of them only with HUB_DEMO=true.
 */
export const DEMO_PUBLIC_KEY_THUMBPRINTS: ReadonlySet<string> = new Set([
  'iYXcMBCrCsEPT-pfqXrrByg5PZ4ekJP88fcs1KMKhe0', // court.leeds-crown
  'dp7d8qfauepfFOsI7jHUvaGaHrul0pA_rudvdPHZElo', // court.leeds-magistrates
  'Exc2kf8rlcbVlN7n56RJH6Ks2R7Qexn57W0g5lrQO9Q', // court.leeds-youth
  '--QxSXwQOJMSWwCr7wTm0mMA9YsyYSpzf5siWsm91_M', // dtc.leeds-city-housing
  '_Hp5vS1g-VFVJWUOQp1GChbyD6NO2z7sRyz6NJjSUiw', // hmpo
  'PKLblbR1fp7eifAhYlip5wx9kHMpHRum3PoHdVNXLRA', // hub.operators
  'xV5SflMhH5dX2MUbDAzTlQIAzGob3zEPOAnYDuvqy1I', // mappa.west-yorkshire
  'leLsFhqrGnVx4F6MUJC8re9nDOPG58G3qEYZn4JCjlE', // police.west-yorkshire
  'uICbc8FpnetVySm7jIlf22IC6u7CwGKdB-nN9eu6bks', // prison.hmp-leeds
  'HBdXo-DQAO7wzHazQcB6aV6yNpoNQXvOznqmtao5jrM', // probation.yorkshire
]);
