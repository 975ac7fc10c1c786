/** The server backend: a `pg` connection pool. */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import { DatabaseUsageError, type Database, type Queryable, type QueryResult } from './types.js';
import { assertSchemaName, INT8_OID, normalizeParams, parseInt8 } from './values.js';

export interface PostgresAdapterOptions {
  readonly url: string;
  readonly target: string;
  readonly schema?: string | undefined;
  readonly maxConnections?: number | undefined;
  readonly applicationName?: string | undefined;
  readonly onError?: ((error: Error) => void) | undefined;
}

/** Per pool, not `pg.types.setTypeParser`: that would change every other pool in the process. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as PoolConfig['types'];

function toResult<R>(result: { rows: unknown[]; rowCount: number | null }): QueryResult<R> {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

export async function postgresDatabase(options: PostgresAdapterOptions): Promise<Database> {
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'catwire-order-service',
    types: typeParsers,
  };
  if (options.schema !== undefined) config.options = `-c search_path=${assertSchemaName(options.schema)}`;
  const pool = new pg.Pool(config);
  // An idle client that loses its connection is dropped by the pool; without a listener the
  // 'error' event would crash the process.
  pool.on('error', (error) => options.onError?.(error));

  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot connect to PostgreSQL at ${options.target}: ${reason}`, { cause: error });
  }

  const inTransaction = new AsyncLocalStorage<true>();
  let closed = false;
  let closing: Promise<void> | undefined;
  /** Calls under way: `close()` waits for them before it ends the pool, which would cut them off. */
  const running = new Set<Promise<unknown>>();
  const track = <T>(call: Promise<T>): Promise<T> => {
    running.add(call);
    void call.then(
      () => running.delete(call),
      () => running.delete(call),
    );
    return call;
  };
  const check = () => {
    if (closed) throw new DatabaseUsageError(`database ${options.target} is closed`);
    if (inTransaction.getStore()) {
      throw new DatabaseUsageError('inside transaction(fn), query through the transaction handle passed to fn');
    }
  };

  return {
    backend: 'postgres',
    target: options.target,
    async query<R>(sql: string, params?: readonly unknown[]) {
      check();
      return toResult<R>(await track(pool.query(sql, normalizeParams(params))));
    },
    async exec(sql: string) {
      check();
      await track(pool.query(sql)); // no values: simple protocol, several statements allowed
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      try {
        check();
      } catch (error) {
        return Promise.reject(error);
      }
      return track(run(fn));
    },
    close() {
      // Refused from now on; what is under way finishes first.
      closed = true;
      return (closing ??= Promise.allSettled([...running]).then(() => pool.end()));
    },
  };

  /** One transaction on one pooled connection (see `Database.transaction`). */
  async function run<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client: PoolClient = await pool.connect();
    let ended = false;
    let broken = false;
    const use = () => {
      if (ended) throw new DatabaseUsageError('the transaction has ended; its handle cannot be used any more');
    };
    const tx: Queryable = {
      async query<R>(sql: string, params?: readonly unknown[]) {
        use();
        return toResult<R>(await client.query(sql, normalizeParams(params)));
      },
      async exec(sql: string) {
        use();
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const result = await inTransaction.run(true, () => fn(tx));
      ended = true;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      ended = true;
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable: destroy it instead of returning it to the pool
      }
      throw error;
    } finally {
      ended = true;
      client.release(broken);
    }
  }
}
