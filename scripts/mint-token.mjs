#!/usr/bin/env node
// Prints one bearer token for a demo agency, for trying the API by hand (README, "Your first
// message in ten minutes"). Demo keys only (config/demo/keys/). A write token carries a jti and
// is single-use, so mint one per request.
//
//   node scripts/mint-token.mjs AGENCY_ID "SCOPE [SCOPE...]"
//   node scripts/mint-token.mjs court.leeds-crown inbound:write
import { mintAgencyToken } from './lib/agency-token.mjs';

const [agencyId, scope] = process.argv.slice(2);
if (!agencyId || !scope) {
  console.error('Usage: node scripts/mint-token.mjs AGENCY_ID "SCOPE [SCOPE...]"');
  process.exit(2);
}
process.stdout.write(`${await mintAgencyToken({ agencyId, scope, sub: `system:${agencyId}:integrator` })}\n`);
