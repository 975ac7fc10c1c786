/**
 * A small saga engine: a declarative definition (`definition.ts`) interpreted by one engine
 * (`engine.ts`) over the `saga_instances` table (`migrations/003-saga-instances.sql`, its indexes
 * reshaped by `005-saga-hot-updates.sql`), with a timeout sweeper (`sweeper.ts`).
 */
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate, type Database, type MigrateResult } from '../db/index.js';

export { failure, reply } from './definition.js';
export type { Failure, Reaction, Reply, SagaCommand, SagaDefinition, SagaKey, SagaStep } from './definition.js';
export { producerDispatch, SagaConflictError, SagaEngine } from './engine.js';
export type { Dispatch, HandleOutcome, HistoryEntry, PendingCommand, SagaEngineOptions, SagaInstance, SagaStatus } from './engine.js';
export { startSagaSweeper } from './sweeper.js';
export type { SagaSweeper, SagaSweeperOptions } from './sweeper.js';

/** The saga table's migrations, numbered with the order database's own (one sequence: 001, 002, 004 are there). */
export const SAGA_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Applies the order database's migrations and the saga table's (one run, one transaction). */
export async function migrateSagas(db: Database): Promise<MigrateResult> {
  const [base, sagas] = await Promise.all([loadMigrations(), loadMigrations(SAGA_MIGRATIONS_DIR)]);
  return migrate(db, { migrations: [...base, ...sagas] });
}
