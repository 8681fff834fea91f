// Checks that the real Postgres and Redis the suite needs are there, and tags this run so
// each test hub's throwaway database can be found and dropped afterwards.
const { Client } = require('pg');
const net = require('node:net');

module.exports = async () => {
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`The tests need PostgreSQL at ${adminUrl} (set DATABASE_URL): ${e.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  await new Promise((resolve, reject) => {
    const socket = net.connect(Number(redis.port || 6379), redis.hostname, () => socket.end(resolve));
    socket.on('error', (e) => reject(new Error(`The tests need Redis at ${redis.href} (set REDIS_URL): ${e.message}`)));
  });
  process.env.HUB_TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.HUB_TEST_RUN = `r${Date.now().toString(36)}`;
};
