/**
 * Prison custody simulator: what the prison's case system sends about the demo subject. One
 * shot: signed as the demo prison (HMP Leeds), it posts to POST /v1/inbound/prison a RECEPTION
 * and then a RELEASE_DATE_SET (release on licence a few weeks ahead into WYP), and exits 0 once
 * both are accepted (202), 1 otherwise.
 *
 * Each message has its own Idempotency-Key, kept across that message's retries (with the same
 * body), so an answer lost on the way is replayed by the hub rather than applied twice.
 * Unlike a MAPPA minute, a prison message is never refused because the subject is not held (it
 * is linked by NOMS number and PNC id, or starts a record), so compose runs this after the court
 * examples; it retries only while the hub is unreachable or answers 5xx, like mappa-unit.
 *
 * Environment: HUB_URL, AGENCY_ID (prison.hmp-leeds), PRIVATE_JWK_FILE, HUB_AUDIENCE,
 * TRIES (30), RETRY_MS (2000).
 */
import { randomUUID } from 'node:crypto';
import { mintAgencyToken } from '../receiving-agency/agency-token';
import { demoReception, demoReleaseDateSet } from './demo-custody';

const hubUrl = process.env.HUB_URL || 'http://localhost:3000';
const agencyId = process.env.AGENCY_ID || 'prison.hmp-leeds';
const privateJwkPath = process.env.PRIVATE_JWK_FILE || `config/demo/keys/${agencyId}.private.jwk.json`;
const audience = process.env.HUB_AUDIENCE || 'information-sharing-hub';
const tries = Number(process.env.TRIES || 30);
const retryMs = Number(process.env.RETRY_MS || 2000);

async function post(body: Record<string, unknown>, idempotencyKey: string): Promise<{ status: number; text: string }> {
  const token = await mintAgencyToken({
    agencyId,
    privateJwkPath,
    scope: 'inbound:write',
    sub: `system:${agencyId}:prison-simulator`,
    audience,
  });
  const res = await fetch(new URL('/v1/inbound/prison', hubUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Posts one message until it is accepted; false on a refusal or when the tries run out. */
async function send(label: string, body: Record<string, unknown>): Promise<boolean> {
  const idempotencyKey = randomUUID();
  for (let attempt = 1; attempt <= tries; attempt++) {
    const answer = await post(body, idempotencyKey).catch((e: Error) => ({ status: 0, text: e.message }));
    process.stdout.write(`prison ${label}, attempt ${attempt}: ${answer.status} ${answer.text}\n`);
    if (answer.status === 202) return true;
    // Not up yet, or a passing failure: wait; anything else is a mistake to report.
    if (answer.status !== 0 && answer.status < 500) return false;
    await new Promise((r) => setTimeout(r, retryMs));
  }
  return false;
}

async function main(): Promise<number> {
  if (!(await send('reception', demoReception(new Date())))) return 1;
  // Built once the reception is in, so it occurs after it.
  return (await send('release date set', demoReleaseDateSet(new Date()))) ? 0 : 1;
}

void main().then((code) => (process.exitCode = code));
