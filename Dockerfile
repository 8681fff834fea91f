# syntax=docker/dockerfile:1
# One image for the hub and the demo services (receiving-agency simulators, scripts/post-examples.mjs).

# ── build: install everything, compile, then keep production dependencies only ──────────────
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY adapters ./adapters
COPY config ./config
RUN npm run build
RUN npm prune --omit=dev

# ── runtime ─────────────────────────────────────────────────────────────────────────────────
FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Reference data and the demo parties' public side (agencies, JWKS, agreements; loaded only
# with HUB_DEMO=true); the demo scripts. No private key: .dockerignore keeps config/demo/keys
# and every *.private.jwk.json out of the build context, compose mounts them for the demo.
COPY config ./config
COPY scripts ./scripts
# Fixtures the PNC-like simulator serves.
COPY adapters/simulators/pnc/fixtures ./adapters/simulators/pnc/fixtures
# The demo container posts the court examples (scripts/post-examples.mjs reads them from here);
# /openapi.json shows every source's examples with its operation.
COPY adapters/inbound/court-outcomes/fixtures ./adapters/inbound/court-outcomes/fixtures
COPY adapters/inbound/probation/fixtures ./adapters/inbound/probation/fixtures
COPY adapters/inbound/pnc/fixtures ./adapters/inbound/pnc/fixtures
COPY adapters/inbound/passport-watchlist/fixtures ./adapters/inbound/passport-watchlist/fixtures
COPY adapters/inbound/prison/fixtures ./adapters/inbound/prison/fixtures
COPY adapters/inbound/mappa/fixtures ./adapters/inbound/mappa/fixtures
# Files stay root-owned (read-only to the app); only /data (the hub's signing key volume)
# is writable. A named volume mounted there inherits this ownership on first use.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
