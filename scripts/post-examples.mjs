#!/usr/bin/env node
// Posts the three court example messages to the hub, in order, as the courts would:
//   1. SHPO hearing        from court.leeds-crown
//   2. juvenile hearing    from court.leeds-youth
//   3. order discharge     from court.leeds-magistrates
// Each with a fresh Idempotency-Key and a freshly minted token (demo keys, config/demo/keys/).
//
// Usage: HUB_URL=http://localhost:3000 node scripts/post-examples.mjs
// Exit code 1 if any message was not accepted (202).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAgencyToken } from './lib/agency-token.mjs';

const hubUrl = process.env.HUB_URL || 'http://localhost:3000';
const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'adapters',
  'inbound',
  'court-outcomes',
  'fixtures',
);

const examples = [
  { agencyId: 'court.leeds-crown', file: 'hearing-resulted-shpo.json' },
  { agencyId: 'court.leeds-youth', file: 'hearing-resulted-juvenile-community.json' },
  { agencyId: 'court.leeds-magistrates', file: 'order-discharged.json' },
];

async function waitForHub(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(new URL('/health', hubUrl), { signal: AbortSignal.timeout(5000) })).status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`hub at ${hubUrl} is not healthy`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

await waitForHub();
let failures = 0;
for (const { agencyId, file } of examples) {
  const body = readFileSync(join(fixtures, file), 'utf8');
  const token = await mintAgencyToken({ agencyId, scope: 'inbound:write', sub: `system:${agencyId}:case-system` });
  const res = await fetch(new URL('/v1/inbound/court-outcomes', hubUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body,
  });
  const text = await res.text();
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: print as received
  }
  process.stdout.write(`\n${file} from ${agencyId}: ${res.status} ${res.statusText}\n${shown}\n`);
  if (res.status !== 202) failures++;
}
process.exitCode = failures ? 1 : 0;
