import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createPGlite, pgliteDatabase } from './pglite.js';
import { postgresDatabase } from './postgres.js';
import { redactDatabaseUrl } from './redact.js';
import type { Database } from './types.js';

export interface OpenDatabaseOptions {
  /**
   * `postgres://` / `postgresql://` URL of a PostgreSQL server. Defaults to `DATABASE_URL` unless
   * `dataDir` is given.
   */
  readonly url?: string;
  /** PGlite storage when no server is used: `memory://` (the default) or a directory. */
  readonly dataDir?: string;
  /** Schema to work in (`search_path`); it must exist. Default: the server's default path (`public`). */
  readonly schema?: string;
  /** Pool size on a server (default 10). */
  readonly maxConnections?: number;
  readonly applicationName?: string;
  /** Errors of idle pooled connections (they are dropped and replaced). Default: ignored. */
  readonly onError?: (error: Error) => void;
  /** Where `DATABASE_URL` is read from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Opens the order database. Precedence: `url`, then `dataDir` (PGlite), then `DATABASE_URL`,
 * then an in-memory PGlite. Credentials in the URL never appear in `target` or in errors.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const env = options.env ?? process.env;
  const url = options.url ?? (options.dataDir === undefined ? env['DATABASE_URL'] || undefined : undefined);
  if (url !== undefined) {
    const target = redactDatabaseUrl(url);
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new Error(`unsupported database URL ${target}: expected postgres:// or postgresql://`);
    }
    return postgresDatabase({
      url,
      target,
      schema: options.schema,
      maxConnections: options.maxConnections,
      applicationName: options.applicationName,
      onError: options.onError,
    });
  }
  const dataDir = options.dataDir === undefined || options.dataDir === 'memory://' ? undefined : resolve(options.dataDir);
  const instance = await createPGlite(dataDir);
  const db = pgliteDatabase(instance, {
    schema: options.schema,
    owned: true,
    target: dataDir === undefined ? 'pglite:memory' : `pglite:${dataDir}`,
  });
  if (options.schema !== undefined) {
    // Fail at open, like a server connection with a missing schema in search_path would on first use.
    const { rows } = await db.query<{ ok: boolean }>('SELECT current_schema() IS NOT NULL AS ok');
    if (!rows[0]?.ok) {
      await db.close();
      throw new Error(`schema ${options.schema} does not exist in ${db.target}`);
    }
  }
  return db;
}

export interface WrapPGliteOptions {
  readonly schema?: string;
  /** Close the instance when the returned database is closed (default false). */
  readonly closeInstance?: boolean;
}

/**
 * A `Database` over a PGlite instance you created (e.g. with extensions, or shared by several
 * schemas in tests). Several adapters over one instance are safe: their operations are queued.
 * Sets the instance's int8 parser (numbers, see `Database`).
 */
export function wrapPGlite(instance: PGlite, options: WrapPGliteOptions = {}): Database {
  const where = instance.dataDir && instance.dataDir !== 'memory://' ? instance.dataDir : 'memory';
  return pgliteDatabase(instance, {
    schema: options.schema,
    owned: options.closeInstance ?? false,
    target: `pglite:${where}${options.schema ? `#${options.schema}` : ''}`,
  });
}
