import { summarise } from './pg-spans';

describe('a Postgres span names the operation and first table, never the statement', () => {
  it.each([
    ['SELECT d.* FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = $1', 'SELECT', 'deliveries'],
    ['  insert into "inbound_messages" (id) values ($1)', 'INSERT', 'inbound_messages'],
    ['UPDATE outbox SET routed_at = now()', 'UPDATE', 'outbox'],
    ['COMMIT', 'COMMIT', null],
  ])('%s', (sql, operation, table) => {
    expect(summarise(sql)).toEqual({ operation, table });
  });
});
