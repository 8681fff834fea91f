/**
 * MAPPA-unit simulator: what a MAPPA unit's case system does after a meeting. One shot: it
 * posts a level 2 meeting about the demo subject to POST /v1/inbound/mappa, signed as the demo
 * unit, then exits (0 on 202). The subject arrives with the court examples; until the hub holds
 * it the minute is refused (422, never linked by name), so it tries again for a while.
 *
 * Environment: HUB_URL, AGENCY_ID (mappa.west-yorkshire), PRIVATE_JWK_FILE, HUB_AUDIENCE,
 * TRIES (30), RETRY_MS (2000).
 */
import { randomUUID } from 'node:crypto';
import { mintAgencyToken } from '../receiving-agency/agency-token';
import { demoMeeting } from './demo-meeting';

const hubUrl = process.env.HUB_URL || 'http://localhost:3000';
const agencyId = process.env.AGENCY_ID || 'mappa.west-yorkshire';
const privateJwkPath = process.env.PRIVATE_JWK_FILE || `config/demo/keys/${agencyId}.private.jwk.json`;
const audience = process.env.HUB_AUDIENCE || 'information-sharing-hub';
const tries = Number(process.env.TRIES || 30);
const retryMs = Number(process.env.RETRY_MS || 2000);

async function post(): Promise<{ status: number; text: string }> {
  const token = await mintAgencyToken({
    agencyId,
    privateJwkPath,
    scope: 'inbound:write',
    sub: `system:${agencyId}:mappa-unit-simulator`,
    audience,
  });
  const res = await fetch(new URL('/v1/inbound/mappa', hubUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(demoMeeting()),
  });
  return { status: res.status, text: await res.text() };
}

async function main(): Promise<number> {
  for (let attempt = 1; attempt <= tries; attempt++) {
    const answer = await post().catch((e: Error) => ({ status: 0, text: e.message }));
    process.stdout.write(`MAPPA meeting, attempt ${attempt}: ${answer.status} ${answer.text}\n`);
    if (answer.status === 202) return 0;
    // Not up yet, or the subject not yet held: wait; anything else is a mistake to report.
    if (answer.status !== 0 && answer.status !== 422 && answer.status < 500) return 1;
    await new Promise((r) => setTimeout(r, retryMs));
  }
  return 1;
}

void main().then((code) => (process.exitCode = code));
