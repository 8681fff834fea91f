import request from 'supertest';
import { postCourtOutcome } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { fieldsNamed } from '../kit/problems';

/**
 * Every list pages one way (api.md, "Lists"): `limit` + `cursor` in, `{ items, nextCursor }`
 * out, nextCursor always present and null at the end; unknown parameters are 400.
 */
describe('one paging convention for every list', () => {
  let hub: TestHub;
  const admin = async (path: string) =>
    request(hub.url)
      .get(path)
      .set('authorization', `Bearer ${await hub.token('hub.operators')}`);

  /** Walks a list to its end, a page of `limit` at a time; answers every page's body. */
  const walk = async (path: string, limit: number) => {
    const pages: { items: unknown[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await admin(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveProperty('nextCursor');
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    // Three refused messages: quarantined, so the quarantine list has something to page.
    for (let i = 0; i < 3; i++)
      expect((await postCourtOutcome(hub, 'court.leeds-crown', { junk: i })).status).toBe(422);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('quarantine: limit + cursor, newest first, nextCursor null on the last page; `before` is no longer taken', async () => {
    const pages = await walk('/v1/admin/quarantine?agency=court.leeds-crown', 2);
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(pages[1].nextCursor).toBeNull();
    const items = pages.flatMap((p) => p.items) as { messageId: string; receivedAt: string }[];
    expect(new Set(items.map((i) => i.messageId)).size).toBe(3);
    expect(items.map((i) => i.receivedAt)).toEqual([...items.map((i) => i.receivedAt)].sort().reverse());
    const old = await admin('/v1/admin/quarantine?before=2026-01-01T00:00:00Z');
    expect(old.status).toBe(400);
    expect(fieldsNamed(old.body)).toEqual(['before']);
    expect(old.body).not.toHaveProperty('nextBefore');
  });

  it('identity reviews and the audit log say nextCursor: null at the end, not nothing', async () => {
    const reviews = await admin('/v1/admin/identity/reviews');
    expect(reviews.status).toBe(200);
    expect(reviews.body).toEqual({ items: [], nextCursor: null });
    const audit = await walk('/v1/audit?agency=court.leeds-crown', 500);
    expect(audit[audit.length - 1].nextCursor).toBeNull();
  });

  it('every list reads limit and cursor the same way: a bad one of each is 400 naming both', async () => {
    for (const path of ['/v1/admin/quarantine', '/v1/admin/identity/reviews', '/v1/admin/deliveries', '/v1/audit']) {
      const res = await admin(`${path}?cursor=not-a-cursor&limit=0`);
      expect(res.status).toBe(400);
      expect(fieldsNamed(res.body).sort()).toEqual(['cursor', 'limit']);
    }
  });
});
