import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { TestHub } from './test-hub';

/** Posts a court message as an agency, with a fresh Idempotency-Key unless one is given. */
export async function postCourtOutcome(hub: TestHub, agencyId: string, body: unknown, key: string = randomUUID()) {
  return request(hub.url)
    .post('/v1/inbound/court-outcomes')
    .set('authorization', `Bearer ${await hub.token(agencyId)}`)
    .set('idempotency-key', key)
    .set('content-type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function subscribe(hub: TestHub, agencyId: string, url: string, eventTypes: string[]) {
  return request(hub.url)
    .post('/v1/subscriptions')
    .set('authorization', `Bearer ${await hub.token(agencyId)}`)
    .send({ eventTypes, delivery: { mode: 'webhook', url } });
}

export async function readSubject(hub: TestHub, agencyId: string, subjectId: string) {
  return request(hub.url)
    .get(`/v1/subjects/${subjectId}`)
    .set('authorization', `Bearer ${await hub.token(agencyId)}`)
    .set('x-justification', 'MAPPA level 2 meeting preparation');
}

/** Posts a message to any inbound adapter as an agency allowed to push (`inbound:write`). */
export async function postInbound(
  hub: TestHub,
  source: string,
  agencyId: string,
  body: unknown,
  options: { key?: string; contentType?: string } = {},
) {
  return request(hub.url)
    .post(`/v1/inbound/${source}`)
    .set('authorization', `Bearer ${await hub.token(agencyId, { scope: 'inbound:write' })}`)
    .set('idempotency-key', options.key ?? randomUUID())
    .set('content-type', options.contentType ?? 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}
