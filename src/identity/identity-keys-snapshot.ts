import type { EntityManager } from 'typeorm';
import { orderRefsOf, type CanonicalCommand } from '../canonical/commands';
import { nameKey } from '../canonical/name-key';
import { identityKeys } from './identity-resolver';

/** Everything by which later messages find a subject: its identifiers, name keys and order refs. */
export interface IdentityKeysSnapshot {
  identifiers: { scheme: string; value: string }[];
  nameKeys: { nameKey: string; dateOfBirth: string }[];
  orderRefs: string[];
}

export async function identityKeysOf(m: EntityManager, subjectId: string): Promise<IdentityKeysSnapshot> {
  const identifiers = await m.query(
    `SELECT scheme, value FROM subject_identifiers WHERE subject_id = $1 ORDER BY scheme, value`,
    [subjectId],
  );
  const nameKeys = await m.query(
    `SELECT name_key AS "nameKey", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth" FROM subject_name_keys WHERE subject_id = $1 ORDER BY 1, 2`,
    [subjectId],
  );
  const orders: { order_ref: string }[] = await m.query(
    `SELECT order_ref FROM order_refs WHERE subject_id = $1 ORDER BY 1`,
    [subjectId],
  );
  return { identifiers, nameKeys, orderRefs: orders.map((o) => o.order_ref) };
}

/** Puts a snapshot's keys back on a subject (keys another subject holds stay with it). */
export async function restoreIdentityKeys(
  m: EntityManager,
  subjectId: string,
  keys: IdentityKeysSnapshot,
): Promise<void> {
  await m.query(
    `INSERT INTO subject_identifiers (scheme, value, subject_id) SELECT s, v, $3 FROM unnest($1::text[], $2::text[]) AS t(s, v) ON CONFLICT DO NOTHING`,
    [keys.identifiers.map((k) => k.scheme), keys.identifiers.map((k) => k.value), subjectId],
  );
  await m.query(
    `INSERT INTO subject_name_keys (subject_id, name_key, date_of_birth) SELECT $1, k, d::date FROM unnest($2::text[], $3::text[]) AS t(k, d) ON CONFLICT DO NOTHING`,
    [subjectId, keys.nameKeys.map((k) => k.nameKey), keys.nameKeys.map((k) => k.dateOfBirth)],
  );
  await m.query(
    `INSERT INTO order_refs (order_ref, subject_id) SELECT r, $2 FROM unnest($1::text[]) AS r ON CONFLICT DO NOTHING`,
    [keys.orderRefs, subjectId],
  );
}

/**
 * Which side of an undone merge a command that arrived while merged belongs to, by the keys
 * each side held before the merge: an order it names, then identifiers, then name and date of
 * birth (a new order decides nothing). Evidence for the absorbed side only moves it there;
 * anything else stays with the survivor it was linked to. A watchlist hit follows the order
 * its entry was lodged for.
 */
export function belongsToAbsorbed(
  command: CanonicalCommand,
  absorbed: IdentityKeysSnapshot,
  survivor: IdentityKeysSnapshot,
): boolean {
  const orderRefs =
    command.kind === 'RECORD_WATCHLIST_HIT'
      ? command.hit.orderRef
        ? [command.hit.orderRef]
        : []
      : orderRefsOf(command);
  const ordersOf = (side: IdentityKeysSnapshot) => orderRefs.some((r) => side.orderRefs.includes(r));
  if (ordersOf(absorbed) || ordersOf(survivor)) return ordersOf(absorbed) && !ordersOf(survivor);
  if (command.kind === 'RECORD_WATCHLIST_HIT') return false;
  const holds = (side: IdentityKeysSnapshot) =>
    identityKeys(command.person).some((k) =>
      side.identifiers.some((i) => i.scheme === k.scheme && i.value === k.value),
    );
  if (holds(absorbed) || holds(survivor)) return holds(absorbed) && !holds(survivor);
  const key = nameKey(command.person);
  const named = (side: IdentityKeysSnapshot) =>
    side.nameKeys.some((n) => n.nameKey === key && n.dateOfBirth === command.person.dateOfBirth);
  return named(absorbed) && !named(survivor);
}
