/**
 * The database seam of the example system: one small interface, two implementations (embedded
 * PGlite, a PostgreSQL server through `pg`), one SQL dialect (plain PostgreSQL, parameters `$1..$n`).
 *
 * Values come back the same from both backends: int2/int4/int8 as `number` (an int8 outside the
 * safe integer range throws instead of losing precision), numeric as `string`, timestamptz as
 * `Date`, json/jsonb parsed, uuid and text as `string`. Pass jsonb values as `JSON.stringify(...)`
 * with an explicit `$n::jsonb` cast, arrays with an explicit cast (`$n::uuid[]`).
 */

export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows returned or affected (INSERT/UPDATE/DELETE without RETURNING). */
  readonly rowCount: number;
}

export interface Queryable {
  /** One statement with positional parameters `$1..$n` (extended protocol). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** One or more statements without parameters (simple protocol), e.g. a migration script. */
  exec(sql: string): Promise<void>;
}

export type DatabaseBackend = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly backend: DatabaseBackend;
  /** Where the data lives, safe to log: `pglite:memory`, `pglite:<dir>` or the server URL without credentials. */
  readonly target: string;
  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one connection: COMMIT when it resolves,
   * ROLLBACK (and rethrow) when it throws. Use `tx` inside `fn`, never the database itself: on
   * PGlite that would wait for the transaction forever, so it throws instead (on both backends).
   * Transactions do not nest.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the pool / the embedded instance it owns. Idempotent. */
  close(): Promise<void>;
}

export class DatabaseUsageError extends Error {
  override readonly name = 'DatabaseUsageError';
}
