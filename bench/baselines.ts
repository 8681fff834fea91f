import { Queue, Worker } from 'bullmq';
import pg from 'pg';

/** A ~1 KB JSON message, the size of a court outcome. */
const BODY = JSON.stringify({ filler: 'x'.repeat(900), n: 0 });

/**
 * The machine's raw Postgres ceiling for what ingestion must at least do per message: one
 * transaction inserting the message and its outbox row (pg from Node, 16 clients at once).
 */
export async function postgresBaseline(adminUrl: string, databaseUrl: string, seconds: number): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_baseline');
  await admin.end();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
  await pool.query(`CREATE TABLE msg (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
                    CREATE TABLE outbox (id bigserial PRIMARY KEY, msg_id uuid NOT NULL, dispatched_at timestamptz)`);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      const c = await pool.connect();
      try {
        while (Date.now() < until) {
          await c.query('BEGIN');
          const { rows } = await c.query('INSERT INTO msg (body) VALUES ($1) RETURNING id', [BODY]);
          await c.query('INSERT INTO outbox (msg_id) VALUES ($1)', [rows[0].id]);
          await c.query('COMMIT');
          done++;
        }
      } finally {
        c.release();
      }
    }),
  );
  await pool.end();
  return done / seconds;
}

/** The machine's raw BullMQ ceiling: no-op jobs added in bulk and processed (concurrency 50), end to end. */
export async function bullmqBaseline(redisUrl: string, jobs: number): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('baseline', { connection, prefix: 'baseline' });
  let processed = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Worker('baseline', async () => undefined, { connection, prefix: 'baseline', concurrency: 50 });
  worker.on('completed', () => {
    if (++processed === jobs) finished();
  });
  await worker.waitUntilReady();
  const start = Date.now();
  for (let i = 0; i < jobs; i += 50) {
    await queue.addBulk(
      Array.from({ length: Math.min(50, jobs - i) }, (_, k) => ({
        name: 'noop',
        data: { id: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await allDone;
  const rate = jobs / ((Date.now() - start) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}
