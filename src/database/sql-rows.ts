import type { EntityManager } from 'typeorm';

/**
 * Rows of a query. TypeORM's postgres driver answers UPDATE/DELETE with `[rows, rowCount]`
 * rather than the rows alone; this evens that out so `RETURNING` reads the same everywhere.
 */
export async function sqlRows<T = Record<string, any>>(
  manager: EntityManager,
  sql: string,
  params?: unknown[],
): Promise<T[]> {
  const result = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}

/** Rows an UPDATE or DELETE touched (the `[rows, rowCount]` answer's count). */
export async function affectedRows(manager: EntityManager, sql: string, params?: unknown[]): Promise<number> {
  const result = await manager.query(sql, params);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
