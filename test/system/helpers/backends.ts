/**
 * The two database backends every system test runs on: embedded PGlite and the PostgreSQL server
 * of test/setup/postgres.ts (or DATABASE_URL). Every test works in its own new schema, so test
 * files run in parallel on one server; on PGlite one instance per test file holds the schemas
 * (an instance takes seconds to boot, a schema milliseconds).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { migrate, openDatabase, wrapPGlite, type Database } from '../../../system/db/index.js';

export type BackendName = 'pglite' | 'postgres';

export interface TestDatabase {
  readonly backend: BackendName;
  /** Open on the test's schema (migrated unless `fresh({ migrate: false })`). */
  readonly db: Database;
  readonly schema: string;
  /** Another handle on the same data, as a second process would have (closed by `dispose`). */
  connect(): Promise<Database>;
  /**
   * Closes every handle and opens the data anew, like a restarted process: a new pool on the
   * server; on PGlite (only with `fresh({ persistent: true })`) the data directory is reopened.
   */
  restart(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface FreshOptions {
  readonly migrate?: boolean;
  /** PGlite: an instance of its own on a data directory, so that `restart()` can reopen it. */
  readonly persistent?: boolean;
}

export interface Backend {
  readonly name: BackendName;
  fresh(options?: FreshOptions): Promise<TestDatabase>;
}

const schemaName = () => `t_${randomBytes(6).toString('hex')}`;

export function postgresUrl(): string {
  const info = inject('catwirePostgres');
  if (!info) {
    throw new Error(
      inject('catwirePostgresError') ??
        'no PostgreSQL server: the global setup test/setup/postgres.ts did not start one (is it registered in vitest.config.ts?)',
    );
  }
  return info.url;
}

function pgliteBackend(): Backend & { close(): Promise<void> } {
  let shared: Promise<PGlite> | undefined;
  const instance = () => (shared ??= PGlite.create());
  return {
    name: 'pglite',
    async fresh(options = {}) {
      if (options.persistent) {
        const dir = mkdtempSync(join(tmpdir(), 'catwire-pglite-'));
        let db = await openDatabase({ dataDir: dir });
        if (options.migrate !== false) await migrate(db);
        const extra: Database[] = [];
        return {
          backend: 'pglite',
          get db() {
            return db;
          },
          schema: 'public',
          async connect() {
            throw new Error('a persistent PGlite database has one handle; use restart()');
          },
          async restart() {
            await Promise.all(extra.map((d) => d.close()));
            await db.close();
            db = await openDatabase({ dataDir: dir });
            return db;
          },
          async dispose() {
            await db.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      const pglite = await instance();
      const schema = schemaName();
      await pglite.exec(`CREATE SCHEMA ${schema}`);
      const handles: Database[] = [];
      const open = () => {
        const handle = wrapPGlite(pglite, { schema });
        handles.push(handle);
        return handle;
      };
      const db = open();
      if (options.migrate !== false) await migrate(db);
      return {
        backend: 'pglite',
        db,
        schema,
        connect: async () => open(),
        async restart() {
          throw new Error('restart() on PGlite needs fresh({ persistent: true })');
        },
        async dispose() {
          await Promise.all(handles.map((handle) => handle.close()));
          await pglite.exec(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async close() {
      if (shared) await (await shared).close();
    },
  };
}

function postgresBackend(): Backend & { close(): Promise<void> } {
  let admin: pg.Pool | undefined;
  return {
    name: 'postgres',
    async fresh(options = {}) {
      const url = postgresUrl();
      admin ??= new pg.Pool({ connectionString: url, max: 2 });
      const schema = schemaName();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const handles = new Set<Database>();
      const open = async () => {
        const handle = await openDatabase({ url, schema, maxConnections: 4 });
        handles.add(handle);
        return handle;
      };
      let db = await open();
      if (options.migrate !== false) await migrate(db);
      const pool = admin;
      return {
        backend: 'postgres',
        get db() {
          return db;
        },
        schema,
        connect: open,
        async restart() {
          await Promise.all([...handles].map((handle) => handle.close()));
          handles.clear();
          db = await open();
          return db;
        },
        async dispose() {
          await Promise.all([...handles].map((handle) => handle.close()));
          await pool.query(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async close() {
      await admin?.end();
    },
  };
}

/** Both backends; call at the top level of a test file (registers their cleanup). */
export function testBackends(): Backend[] {
  const backends = [pgliteBackend(), postgresBackend()];
  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
  });
  return backends;
}
