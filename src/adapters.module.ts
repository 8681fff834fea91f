import { Global, Module } from '@nestjs/common';
import { HttpsWebhookTransport } from '../adapters/outbound/webhook/https-webhook.transport';
import { inboundAdapterList } from '../adapters/inbound/inbound-adapter-list';
import { HttpHmpoWatchlist } from '../adapters/outbound/hmpo/http-hmpo-watchlist';
import { HMPO_WATCHLIST } from './watchlist/hmpo-watchlist.port';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../config/environment';
import { OUTBOUND_TRANSPORT } from './delivery/outbound-transport.port';
import { HttpPncUpstream } from '../adapters/outbound/pnc/http-pnc-upstream';
import { PNC_UPSTREAM } from './checks/pnc-upstream.port';
import { INBOUND_ADAPTERS } from './ingestion/inbound-adapter.port';
import type { CountryCodes } from './rules/countries';
import { COUNTRIES, RulesModule } from './rules/rules.module';

/**
 * The one place concrete adapters (inbound formats, outbound webhook, PNC, HMPO) are bound to the
 * core's ports. Global: features inject the port tokens and never import this module, which
 * would make the core depend on adapters (docs/adr/0011-module-structure.md).
 */
@Global()
@Module({
  // The reference data the inbound formats check against (the ISO 3166 country table).
  imports: [RulesModule],
  providers: [
    {
      provide: INBOUND_ADAPTERS,
      inject: [COUNTRIES],
      useFactory: (countries: CountryCodes) => inboundAdapterList(countries),
    },
    {
      provide: OUTBOUND_TRANSPORT,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) =>
        new HttpsWebhookTransport({ allowInternalAddresses: env.allowInsecureWebhooks }),
    },
    {
      provide: PNC_UPSTREAM,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => new HttpPncUpstream(env.pncUrl),
    },
    {
      provide: HMPO_WATCHLIST,
      inject: [HUB_ENVIRONMENT],
      useFactory: (env: HubEnvironment) => new HttpHmpoWatchlist(env.hmpoUrl),
    },
  ],
  exports: [INBOUND_ADAPTERS, OUTBOUND_TRANSPORT, PNC_UPSTREAM, HMPO_WATCHLIST],
})
export class AdaptersModule {}
