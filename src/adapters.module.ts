import { Global, Module } from '@nestjs/common';
import { HttpsWebhookTransport } from '../adapters/outbound/webhook/https-webhook.transport';
import { inboundAdapterList } from '../adapters/inbound/inbound-adapter-list';
import { HttpHmpoWatchlist } from '../adapters/outbound/hmpo/http-hmpo-watchlist';
import { HMPO_WATCHLIST } from './watchlist/hmpo-watchlist.port';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../config/environment';
import { DELIVERY_TRANSPORTS, type DeliveryTransport } from './delivery/delivery-transport.port';
import { AuthModule } from './auth/auth.module';
import { HubSigningKey } from './auth/hub-signing-key';
import { HttpPncUpstream } from '../adapters/outbound/pnc/http-pnc-upstream';
import { PNC_UPSTREAM } from './checks/pnc-upstream.port';
import { INBOUND_ADAPTERS } from './ingestion/inbound-adapter.port';
import type { CountryCodes } from './rules/countries';
import { COUNTRIES, RulesModule } from './rules/rules.module';

/**
 * The one place concrete adapters (inbound formats, delivery transports, PNC, HMPO) are bound to the
 * core's ports. Global: features inject the port tokens and never import this module, which
 * would make the core depend on adapters (docs/adr/0011-module-structure.md).
 */
@Global()
@Module({
  // The country table the inbound formats check against; the hub's signing key, for the
  // transports that sign.
  imports: [AuthModule, RulesModule],
  providers: [
    {
      provide: INBOUND_ADAPTERS,
      inject: [COUNTRIES],
      useFactory: (countries: CountryCodes) => inboundAdapterList(countries),
    },
    {
      // One transport per pushed delivery kind (src/canonical/delivery-kinds.ts).
      provide: DELIVERY_TRANSPORTS,
      inject: [HUB_ENVIRONMENT, HubSigningKey],
      useFactory: (env: HubEnvironment, hubKey: HubSigningKey): DeliveryTransport[] => [
        new HttpsWebhookTransport({
          allowInternalAddresses: env.allowInsecureWebhooks,
          timeoutMs: env.webhookTimeoutMs,
          hubKey,
        }),
      ],
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
  exports: [INBOUND_ADAPTERS, DELIVERY_TRANSPORTS, PNC_UPSTREAM, HMPO_WATCHLIST],
})
export class AdaptersModule {}
