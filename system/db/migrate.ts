/**
 * Schema migrations: `system/db/migrations/NNN-name.sql`, applied in version order and recorded in
 * `schema_migrations` (version, name, checksum). All pending migrations run in one transaction
 * under a transaction-scoped advisory lock keyed on the current schema, so concurrent `migrate`
 * calls (several processes starting at once) apply each migration exactly once; on PGlite the
 * single session serialises them anyway. A migration must therefore be transactional
 * (no `CREATE INDEX CONCURRENTLY`), and an applied migration must never be edited: its checksum
 * is verified on every run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './types.js';

export interface Migration {
  /** Three or more digits, e.g. `001`; applied in numeric order. */
  readonly version: string;
  readonly name: string;
  readonly sql: string;
}

export interface MigrateOptions {
  /** The migrations to apply; default: the files of `dir`. */
  readonly migrations?: readonly Migration[];
  /** Default: `system/db/migrations`. */
  readonly dir?: string;
}

export interface MigrateResult {
  /** `NNN-name` of the migrations this call applied, in order (empty when up to date). */
  readonly applied: string[];
  /** `NNN-name` of every migration recorded in the database after this call. */
  readonly recorded: string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE = /^(\d{3,})-([a-z0-9][a-z0-9_-]*)\.sql$/;

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql'));
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) throw new MigrationError(`${join(dir, file)}: migration files are named NNN-name.sql`);
    migrations.push({ version: match[1] ?? '', name: match[2] ?? '', sql: await readFile(join(dir, file), 'utf8') });
  }
  return sortMigrations(migrations);
}

function sortMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => Number(a.version) - Number(b.version));
  for (let i = 1; i < sorted.length; i++) {
    if (Number(sorted[i]?.version) === Number(sorted[i - 1]?.version)) {
      throw new MigrationError(`two migrations with version ${sorted[i]?.version}`);
    }
  }
  return sorted;
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

const label = (m: { version: string; name: string }) => `${m.version}-${m.name}`;

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ? sortMigrations(options.migrations) : await loadMigrations(options.dir);
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('catwire.schema_migrations:' || coalesce(current_schema(), ''), 0))`,
    );
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     text        PRIMARY KEY,
      name        text        NOT NULL,
      checksum    text        NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const recorded = new Map(rows.map((row) => [row.version, row]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const done = recorded.get(migration.version);
      if (done) {
        if (done.checksum !== checksum(migration.sql)) {
          throw new MigrationError(
            `migration ${label(migration)} was changed after it was applied (as ${label(done)}); add a new migration instead`,
          );
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`migration ${label(migration)} failed: ${reason}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        checksum(migration.sql),
      ]);
      recorded.set(migration.version, { ...migration, checksum: checksum(migration.sql) });
      applied.push(label(migration));
    }
    const all = [...recorded.values()].sort((a, b) => Number(a.version) - Number(b.version)).map(label);
    return { applied, recorded: all };
  });
}
