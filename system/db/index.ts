/** The order database: `openDatabase` (PGlite or a server), `migrate`, and the `Database` seam. */
export { openDatabase, wrapPGlite } from './open.js';
export type { OpenDatabaseOptions, WrapPGliteOptions } from './open.js';
export { checksum, loadMigrations, migrate, MigrationError, MIGRATIONS_DIR } from './migrate.js';
export type { MigrateOptions, MigrateResult, Migration } from './migrate.js';
export { redactDatabaseUrl } from './redact.js';
export { DatabaseUsageError } from './types.js';
export type { Database, DatabaseBackend, Queryable, QueryResult } from './types.js';
