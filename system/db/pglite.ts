/**
 * The embedded backend: PGlite (PostgreSQL compiled to WASM, one session per instance).
 * Every operation of every adapter over one instance goes through one queue, so an adapter's
 * `search_path` (its schema) is always the one in effect when its statements run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { PGliteStatements } from './pglite-statements.js';
import { DatabaseUsageError, type Database, type Queryable } from './types.js';
import { assertSchemaName, normalizeParams, parseInt8 } from './values.js';

interface InstanceState {
  /** search_path currently set on the session; null = the server default. */
  schema: string | null;
  tail: Promise<unknown>;
  /** Set while a transaction callback runs, to refuse (instead of deadlocking on) a query through the database. */
  readonly inTransaction: AsyncLocalStorage<true>;
  /** Statements run as prepared statements of this instance (see pglite-statements.ts). */
  readonly statements: PGliteStatements;
}

const instances = new WeakMap<PGlite, InstanceState>();

function stateOf(instance: PGlite): InstanceState {
  let state = instances.get(instance);
  if (!state) {
    state = { schema: null, tail: Promise.resolve(), inTransaction: new AsyncLocalStorage(), statements: new PGliteStatements(instance) };
    instances.set(instance, state);
    // Named statements with a generic plan got slower the more often a row was updated (PGlite
    // never vacuums; 4.5 → 10+ ms per saga over 2,000 sagas): plan each execution for its values.
    // Only this session's named statements are affected (an unnamed one is planned per call anyway).
    state.tail = instance.exec('SET plan_cache_mode = force_custom_plan').catch(() => undefined);
    // The values contract of `Database` (int8 as a safe number) also for instances created elsewhere.
    instance.parsers[types.INT8] = parseInt8;
  }
  return state;
}

export async function createPGlite(dataDir: string | undefined): Promise<PGlite> {
  return PGlite.create(dataDir ?? 'memory://', { parsers: { [types.INT8]: parseInt8 } });
}

export interface PGliteAdapterOptions {
  readonly schema?: string | undefined;
  /** Close the instance with the adapter (true when the adapter created it). */
  readonly owned: boolean;
  readonly target: string;
}

export function pgliteDatabase(instance: PGlite, options: PGliteAdapterOptions): Database {
  const state = stateOf(instance);
  const schema = options.schema === undefined ? null : assertSchemaName(options.schema);
  let closed = false;
  let closing: Promise<void> | undefined;
  /** Prepared statements are per schema: the same text may name other tables in another one. */
  const keyOf = (sql: string) => (schema === null ? sql : `${schema}\u0000${sql}`);

  const run = <T>(op: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DatabaseUsageError(`database ${options.target} is closed`));
    if (state.inTransaction.getStore()) {
      return Promise.reject(new DatabaseUsageError('inside transaction(fn), query through the transaction handle passed to fn'));
    }
    const result = state.tail.then(async () => {
      if (state.schema !== schema) {
        await instance.exec(schema === null ? 'RESET search_path' : `SET search_path TO ${schema}`);
        state.schema = schema;
      }
      return op();
    });
    state.tail = result.catch(() => undefined);
    return result;
  };

  return {
    backend: 'pglite',
    target: options.target,
    query<R>(sql: string, params?: readonly unknown[]) {
      return run(() => state.statements.query<R>(keyOf(sql), sql, normalizeParams(params), false));
    },
    exec(sql: string) {
      return run(async () => void (await instance.exec(sql)));
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return run(() =>
        instance.transaction(async (raw: Transaction) => {
          let ended = false;
          const check = () => {
            if (ended) throw new DatabaseUsageError('the transaction has ended; its handle cannot be used any more');
          };
          const tx: Queryable = {
            async query<R>(sql: string, params?: readonly unknown[]) {
              check();
              return state.statements.query<R>(keyOf(sql), sql, normalizeParams(params), true);
            },
            async exec(sql: string) {
              check();
              await raw.exec(sql);
            },
          };
          try {
            return await state.inTransaction.run(true, () => fn(tx));
          } finally {
            ended = true;
          }
        }),
      );
    },
    close() {
      // Refused from now on, so nothing queued later runs on an instance being closed; what was
      // queued before finishes first.
      closed = true;
      return (closing ??= state.tail.then(async () => {
        if (options.owned && !instance.closed) await instance.close();
      }));
    },
  };
}
