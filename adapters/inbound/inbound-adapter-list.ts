import type { CountryCodes } from '../../src/canonical/country-codes';
import type { InboundAdapter } from '../../src/ingestion/inbound-adapter.port';
import { CourtOutcomesAdapter } from './court-outcomes/court-outcomes.adapter';
import { PassportWatchlistAdapter } from './passport-watchlist/passport-watchlist.adapter';
import { PncAdapter } from './pnc/pnc.adapter';
import { PrisonAdapter } from './prison/prison.adapter';
import { ProbationAdapter } from './probation/probation.adapter';

/**
 * Every inbound source the hub reads: one entry each. `POST /v1/inbound/{name}` and the
 * OpenAPI list of sources are derived from it (docs/adr/0012-adding-an-inbound-source.md).
 * `countries` is the ISO 3166 reference table (config/reference/countries.yaml) the court and
 * PNC formats check country codes against.
 */
export function inboundAdapterList(countries: CountryCodes): readonly InboundAdapter[] {
  return [
    new CourtOutcomesAdapter(countries),
    new ProbationAdapter(),
    new PncAdapter(countries),
    new PassportWatchlistAdapter(),
    new PrisonAdapter(),
  ];
}
