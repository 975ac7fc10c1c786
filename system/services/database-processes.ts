/**
 * The services whose process opens a database (unless one is passed, which is left open) and
 * migrates it: one row each of the starter (starter.ts).
 *
 * - Order Service: the order store, and the outbox relay that publishes the store's events
 *   through the service's producer with the outbox row id as message id. Stop: the service
 *   stops consuming (in-flight commands finish and commit), the relay stops after one last pass
 *   over the outbox, then the database closes if this process opened it.
 * - Checkout Orchestrator: the saga engine over the checkout saga's definition, the timeout
 *   sweeper, and on start the sagas a previous process left open are resumed. Stop: the
 *   sweeper, then the service (in-flight transitions finish and commit), then the database.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { startCheckoutOrchestrator, type CheckoutOrchestratorContract } from '../../generated/services/checkout-orchestrator/index.js';
import { startOrderService, type OrderServiceContract, type OrderServiceProducer } from '../../generated/services/order-service/index.js';
import { orderingOrderCancelledSchema } from '../../generated/types/ordering-order-cancelled.js';
import { orderCompletedSchema } from '../../generated/types/order-completed.js';
import { orderCreatedSchema } from '../../generated/types/order-created.js';
import * as checkoutOrchestrator from '../../handlers/checkout-orchestrator/index.js';
import * as orderService from '../../handlers/order-service/index.js';
import type { JsonSchema } from '../../runtime/index.js';
import { migrate, openDatabase, type Database, type OpenDatabaseOptions } from '../db/index.js';
import { checkoutSaga, type CheckoutFailure, type CheckoutSagaData, type CheckoutStep } from '../domain/checkout-orchestrator/index.js';
import { outboxRoute, UnroutableOutboxMessageError } from '../domain/order-service/index.js';
import type { Clock } from '../domain/shared/index.js';
import {
  createOrderStore,
  ORDER_EVENTS,
  type CompleteOrderInput,
  type CompleteOrderOutcome,
  type MessageMeta,
  type OrderStore,
} from '../order-store/index.js';
import { createOutboxRelay, isUnpublishable, type OutboxMessage, type OutboxRelay, type OutboxRelayOptions } from '../outbox/index.js';
import { migrateSagas, producerDispatch, SagaEngine, startSagaSweeper, type SagaSweeper } from '../saga/index.js';
import { serviceProcess, type StartProcess, type StopHooks } from './starter.js';
import type { ProcessOptions, ServiceProcess } from './support.js';

interface DatabaseOptions {
  /** A database to use (left open on stop). Default: `openDatabase(database)`, closed on stop. */
  readonly db?: Database;
  /** How to open the database when `db` is not given (default: `DATABASE_URL`, else an in-memory PGlite). */
  readonly database?: OpenDatabaseOptions;
}

/** The given database, or one opened here and closed when the process stops (or fails to start). */
async function database(options: DatabaseOptions, stops: StopHooks): Promise<Database> {
  if (options.db) return options.db;
  const db = await openDatabase(options.database);
  stops.afterService(() => db.close());
  return db;
}

export interface OrderServiceProcessOptions extends ProcessOptions<OrderServiceContract>, DatabaseOptions {
  /** Apply pending migrations at start (default true). */
  readonly migrate?: boolean;
  /** Relay settings (poll interval, batch size, backoff…); `publish` is the service's producer. */
  readonly relay?: Omit<OutboxRelayOptions, 'publish'>;
  /** The order store's clock. */
  readonly now?: Clock;
}

export interface OrderServiceProcess extends ServiceProcess<OrderServiceContract> {
  readonly db: Database;
  readonly store: OrderStore;
  readonly relay: OutboxRelay;
  /** The fulfilment integration (outside the catalog) reports delivery: order-completed goes out through the outbox. */
  completeOrder(input: CompleteOrderInput, meta?: MessageMeta): Promise<CompleteOrderOutcome>;
}

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin = (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

/** Checks each event against its catalog schema before it is written: a payload the producer would refuse must not block the outbox. */
function eventValidator(): (event: { readonly type: string; readonly version: string; readonly payload: unknown }) => void {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: false }));
  const compile = (schema: JsonSchema | undefined): ValidateFunction | undefined => (schema === undefined ? undefined : ajv.compile(schema));
  const validators = new Map<string, ValidateFunction | undefined>([
    [ORDER_EVENTS.created.type, compile(orderCreatedSchema)],
    [ORDER_EVENTS.cancelled.type, compile(orderingOrderCancelledSchema)],
    [ORDER_EVENTS.completed.type, compile(orderCompletedSchema)],
  ]);
  return ({ type, version, payload }) => {
    const validate = validators.get(type);
    if (validate && !validate(payload)) {
      const first = validate.errors?.[0];
      throw new Error(`${type}@${version} payload is invalid: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'schema mismatch'}`);
    }
  };
}

function publish(producer: OrderServiceProducer, message: OutboxMessage): Promise<void> {
  const { method, options } = outboxRoute(message);
  // The payload was validated against this message's schema when it was written (and is again on send).
  const send = producer[method] as (payload: unknown, sendOptions: typeof options) => Promise<void>;
  return send(message.payload, options);
}

/** Stops the relay after one last pass, so that the events of the commands that just finished go out now. */
async function drain(relay: OutboxRelay): Promise<void> {
  await relay.stop();
  for (let i = 0; i < 20; i++) {
    const batch = await relay.runOnce().catch(() => undefined);
    if (!batch || batch.claimed === 0 || batch.failed > 0) break;
  }
}

export const startOrderServiceProcess: StartProcess<OrderServiceProcessOptions, OrderServiceProcess> = serviceProcess({
  start: startOrderService,
  handlers: orderService,
  create: async ({ options, logger, stops, service }) => {
    const db = await database(options, stops);
    if (options.migrate !== false) await migrate(db);
    // Created now for the store to wake it; it publishes (and is started) once the service runs.
    const relay = createOutboxRelay(db, {
      onError: (error, context) =>
        logger.warn('outbox-relay-error', { phase: context.phase, relayId: context.relayId, messageId: context.message?.id, type: context.message?.type, error }),
      // A row of a type this service no longer publishes is as unpublishable as an invalid one.
      unpublishable: (error) => error instanceof UnroutableOutboxMessageError || isUnpublishable(error),
      ...options.relay,
      publish: (message) => publish(service().producer, message),
    });
    const store = createOrderStore(db, {
      ...(options.now ? { now: options.now } : {}),
      afterCommit: () => relay.wake(),
      validateEvent: eventValidator(),
    });
    return { db, store, relay };
  },
  deps: ({ store }, { logger }) => ({ store, logger }),
  extend: ({ db, store, relay }, { stops }) => {
    relay.start();
    stops.afterService(() => drain(relay));
    return { db, store, relay, completeOrder: (input: CompleteOrderInput, meta?: MessageMeta) => store.completeOrder(input, meta) };
  },
});

export interface CheckoutOrchestratorProcessOptions extends ProcessOptions<CheckoutOrchestratorContract>, DatabaseOptions {
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

export const startCheckoutOrchestratorProcess: StartProcess<CheckoutOrchestratorProcessOptions, CheckoutOrchestratorProcess> = serviceProcess({
  start: startCheckoutOrchestrator,
  handlers: checkoutOrchestrator,
  create: async ({ options, stops }) => {
    const db = await database(options, stops);
    if (options.migrate !== false) await migrateSagas(db);
    const saga = new SagaEngine({
      db,
      definition: checkoutSaga,
      ...(options.timeouts ? { timeouts: options.timeouts as Record<string, number> } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return { db, saga };
  },
  deps: ({ saga }, { logger }) => ({ saga, logger }),
  extend: async ({ db, saga }, { options, logger, stops, service }) => {
    const dispatch = producerDispatch(service().producer);
    const resumed = options.resume !== false ? await saga.resume(dispatch) : [];
    if (resumed.length > 0) logger.info('sagas-resumed', { service: 'checkout-orchestrator', count: resumed.length });
    const sweeper = startSagaSweeper(saga, {
      intervalMs: options.sweepMs ?? 1000,
      dispatch,
      onError: (error) => logger.warn('saga-sweep-error', { service: 'checkout-orchestrator', error }),
    });
    stops.beforeService(() => sweeper.stop());
    return { db, saga, sweeper, resumed };
  },
});
