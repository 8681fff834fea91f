import { Global, Module } from '@nestjs/common';
import { HttpsWebhookTransport } from '../adapters/outbound/webhook/https-webhook.transport';
import { CourtOutcomesAdapter } from '../adapters/inbound/court-outcomes/court-outcomes.adapter';
import { PassportWatchlistAdapter } from '../adapters/inbound/passport-watchlist/passport-watchlist.adapter';
import { PncAdapter } from '../adapters/inbound/pnc/pnc.adapter';
import { HttpHmpoWatchlist } from '../adapters/outbound/hmpo/http-hmpo-watchlist';
import { HMPO_WATCHLIST } from './watchlist/hmpo-watchlist.port';
import { ProbationAdapter } from '../adapters/inbound/probation/probation.adapter';
import { PrisonAdapter } from '../adapters/inbound/prison/prison.adapter';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../config/environment';
import { DELIVERY_TRANSPORTS, type DeliveryTransport } from './delivery/delivery-transport.port';
import { HubSigningKey } from './auth/hub-signing-key';
import { HttpPncUpstream } from '../adapters/outbound/pnc/http-pnc-upstream';
import { PNC_UPSTREAM } from './checks/pnc-upstream.port';
import { INBOUND_ADAPTERS } from './ingestion/inbound-adapter.port';

/** The one place concrete adapters are wired to the core's ports. */
@Global()
@Module({
  providers: [
    {
      provide: INBOUND_ADAPTERS,
      useValue: [
        new CourtOutcomesAdapter(),
        new ProbationAdapter(),
        new PncAdapter(),
        new PassportWatchlistAdapter(),
        new PrisonAdapter(),
      ],
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
export class InboundAdaptersModule {}
