/**
 * Vitest global setup: a PostgreSQL server for the order database tests (test/system).
 * - `DATABASE_URL` set: tests use that server (each test in its own schema, dropped afterwards).
 * - otherwise: a throwaway cluster (test/setup/postgres-cluster.ts, ~1-2 s) is started, but only
 *   when the selected test files include test/system, and stopped in teardown.
 * Tests reach it through `inject('catwirePostgres')` (test/system/helpers/backends.ts).
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.js';
import { selectedTestFiles } from './selected.js';

export interface PostgresInfo {
  readonly url: string;
  /** Given through DATABASE_URL (not ours to throw away). */
  readonly external: boolean;
  readonly logHint: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** null: no test needing PostgreSQL was selected, or no server could be started (see `error`). */
    catwirePostgres: PostgresInfo | null;
    catwirePostgresError: string | null;
  }
}

/** Test files that need a PostgreSQL server. */
const POSTGRES_TESTS = /test\/(system|cluster)\/[^/]*\.test\.ts$/;

async function postgresTestsSelected(project: TestProject): Promise<boolean> {
  return (await selectedTestFiles(project)).some((file) => POSTGRES_TESTS.test(file.path.replaceAll('\\', '/')));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('catwirePostgresError', null);
  const external = process.env['DATABASE_URL'];
  if (external) {
    project.provide('catwirePostgres', { url: external, external: true, logHint: 'server from DATABASE_URL' });
    return async () => {};
  }
  if (!(await postgresTestsSelected(project))) {
    project.provide('catwirePostgres', null);
    return async () => {};
  }
  const bin = findPostgresBin();
  if (!bin) {
    // Reported by every test that needs the server, instead of failing unrelated test files.
    project.provide('catwirePostgres', null);
    project.provide('catwirePostgresError', 'no PostgreSQL server binaries: install postgresql (apt-get install postgresql) or set DATABASE_URL or PG_BIN');
    return async () => {};
  }
  const cluster = await startPostgresCluster(bin);
  project.provide('catwirePostgres', {
    url: cluster.url,
    external: false,
    logHint: `PostgreSQL ${cluster.version} on port ${cluster.port}, log ${cluster.logFile}`,
  });
  return () => cluster.stop();
}
