// Drops any throwaway database this run left behind (a test that crashed before closing its hub).
const { Client } = require('pg');

module.exports = async () => {
  const run = process.env.HUB_TEST_RUN;
  if (!run) return;
  const client = new Client({ connectionString: process.env.HUB_TEST_ADMIN_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`hub_test_${run}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
};
