import { ProblemException, type FieldError } from './problem';

/**
 * The one paging convention of the hub's lists (api.md, "Lists"): `limit` and `cursor` in,
 * `{ items, nextCursor }` out, `nextCursor` always present and null on the last page. The feed
 * (`after` / `{ events, nextCursor }`) is the contract's one exception and does not use this.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** A keyset position: the sort time (as Postgres text, microseconds kept) and id of the last item shown. */
export interface KeysetPosition {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSTGRES_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL for a timestamptz column as a cursor's `at`: UTC with microseconds, which a JS Date would round away. */
export const cursorTimeSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(['k1', position.at, position.id])).toString('base64url');
}

/** The position a cursor names, or null when it is not one a list of the hub gave out. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== 'k1') return null;
    const [, at, id] = value as unknown[];
    if (typeof at !== 'string' || !POSTGRES_TIME.test(at) || Number.isNaN(Date.parse(at))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { at, id: id.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says there is more. `positionOf`
 * names the keyset position of the last row kept.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  positionOf: (row: R) => KeysetPosition,
  toItem: (row: R) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  return {
    items: kept.map(toItem),
    nextCursor: rows.length > limit ? encodeCursor(positionOf(kept[kept.length - 1])) : null,
  };
}

/**
 * Reads a list's query string: every bad parameter is named at once, unknown ones included so a
 * misspelt filter never silently widens a list. Call `done()` last: it throws the 400.
 */
export class ListQuery {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly raw: Record<string, unknown>,
    known: readonly string[],
  ) {
    const all = [...known, 'limit', 'cursor'];
    for (const name of Object.keys(raw ?? {}).filter((k) => !all.includes(k)))
      this.errors.push({ path: name, message: `is not a parameter of this list (known: ${all.join(', ')})` });
  }

  /** A parameter given once, as text; undefined when absent. */
  text(name: string): string | undefined {
    const v = this.raw?.[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.errors.push({ path: name, message: 'must be given once' });
      return undefined;
    }
    return v;
  }

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** `limit`: an integer from 1 to `max`, `fallback` when absent. */
  limit(fallback = DEFAULT_LIMIT, max = MAX_LIMIT): number {
    const text = this.text('limit');
    if (text === undefined) return fallback;
    const n = Number(text);
    if (/^\d{1,4}$/.test(text) && n >= 1 && n <= max) return n;
    this.fail('limit', `must be an integer from 1 to ${max}`);
    return fallback;
  }

  /**
   * `cursor`: the nextCursor of an earlier page; null when absent. A list keyed otherwise than by
   * (time, id) passes its own decoder (the audit log pages by its row id).
   */
  cursor(): KeysetPosition | null;
  cursor<P>(decode: (text: string) => P | null): P | null;
  cursor<P>(decode: (text: string) => P | null = decodeCursor as never): P | null {
    const text = this.text('cursor');
    if (text === undefined) return null;
    const position = decode(text);
    if (!position) this.fail('cursor', 'must be a nextCursor from an earlier page');
    return position;
  }

  done(): void {
    if (this.errors.length)
      throw new ProblemException(
        'QUERY_PARAMETER_INVALID',
        `${this.errors.length} query parameter(s) are not valid`,
        this.errors,
      );
  }
}
