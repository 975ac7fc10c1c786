/**
 * Checkout Orchestrator process: the saga database (opened and migrated here unless one is
 * passed), the saga engine over the checkout saga's definition, the generated service, and the
 * timeout sweeper. On start it resumes the sagas a previous process left open.
 *
 * `stop()`: stop the sweeper, stop consuming (in-flight transitions finish and commit), then close
 * the database if this process opened it. Idempotent.
 */
import type { Transport } from '../../runtime/index.js';
import { startCheckoutOrchestrator, type CheckoutOrchestratorContract } from '../../generated/services/checkout-orchestrator/index.js';
import * as handlers from '../../handlers/checkout-orchestrator/index.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../db/index.js';
import { checkoutSaga, type CheckoutFailure, type CheckoutSagaData, type CheckoutStep } from '../domain/checkout-orchestrator/index.js';
import type { Clock } from '../domain/shared/index.js';
import { migrateSagas, producerDispatch, SagaEngine, startSagaSweeper, type SagaSweeper } from '../saga/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface CheckoutOrchestratorProcessOptions extends ProcessOptions<CheckoutOrchestratorContract> {
  /** A database to use (left open on stop). Default: `openDatabase(database)`, closed on stop. */
  readonly db?: Database;
  /** How to open the database when `db` is not given (default: `DATABASE_URL`, else an in-memory PGlite). */
  readonly database?: OpenDatabaseOptions;
  /** Apply pending migrations (the order database's and the saga table's) at start (default true). */
  readonly migrate?: boolean;
  /** Step deadlines in ms, overriding the catalog's (reservation 30 s, fraud 10 s, authorization 30 s, order 30 s). */
  readonly timeouts?: Partial<Record<CheckoutStep, number>>;
  /** How often the timeout sweeper runs (default 1 s; 0 = never, call `sweeper.runOnce()`). */
  readonly sweepMs?: number;
  /** The engine's clock (deadlines). */
  readonly now?: Clock;
  /** Re-send what open sagas owe at start (default true). */
  readonly resume?: boolean;
}

export interface CheckoutOrchestratorProcess extends ServiceProcess<CheckoutOrchestratorContract> {
  readonly db: Database;
  readonly saga: SagaEngine<CheckoutSagaData, CheckoutFailure>;
  readonly sweeper: SagaSweeper;
  /** The saga ids resumed at start. */
  readonly resumed: readonly string[];
}

export async function startCheckoutOrchestratorProcess(
  transport: Transport,
  options: CheckoutOrchestratorProcessOptions = {},
): Promise<CheckoutOrchestratorProcess> {
  const logger = processLogger(options);
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openDatabase(options.database));
  let sweeper: SagaSweeper | undefined;
  try {
    if (options.migrate !== false) await migrateSagas(db);
    const saga = new SagaEngine({
      db,
      definition: checkoutSaga,
      ...(options.timeouts ? { timeouts: options.timeouts as Record<string, number> } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const process = await startProcess(
    () => startCheckoutOrchestrator(transport, handlers, { ...serviceOptions(options), deps: { saga, logger } }),
    async () => {
        await sweeper?.stop();
        if (ownsDb) await db.close();
      },
    );
    const dispatch = producerDispatch(process.service.producer);
    let resumed: string[] = [];
    try {
      if (options.resume !== false) resumed = await saga.resume(dispatch);
      if (resumed.length > 0) logger.info('sagas-resumed', { service: 'checkout-orchestrator', count: resumed.length });
    } catch (error) {
      await process.stop();
      throw error;
    }
    sweeper = startSagaSweeper(saga, {
      intervalMs: options.sweepMs ?? 1000,
      dispatch,
      onError: (error) => logger.warn('saga-sweep-error', { service: 'checkout-orchestrator', error }),
    });
    // Stop the sweeper before the service, so no pass sends through a stopped producer.
    const stopProcess = process.stop;
    let stopping: Promise<void> | undefined;
    return {
      ...process,
      stop: () =>
        (stopping ??= (async () => {
          await sweeper?.stop();
          await stopProcess();
        })()),
      db,
      saga,
      sweeper,
      resumed,
    };
  } catch (error) {
    if (ownsDb) await db.close(); // idempotent
    throw error;
  }
}
