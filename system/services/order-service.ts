/**
 * Order Service process: the order database (opened and migrated here unless one is passed), the
 * order store, the generated service, and the outbox relay that publishes the store's events
 * through the service's producer with the outbox row id as message id.
 *
 * `stop()`: stop consuming (in-flight commands finish and commit), stop the relay after one last
 * pass over the outbox, then close the database if this process opened it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { JsonSchema, Transport } from '../../runtime/index.js';
import { startOrderService, type OrderServiceContract, type OrderServiceProducer } from '../../generated/services/order-service/index.js';
import { orderingOrderCancelledSchema } from '../../generated/types/ordering-order-cancelled.js';
import { orderCompletedSchema } from '../../generated/types/order-completed.js';
import { orderCreatedSchema } from '../../generated/types/order-created.js';
import * as handlers from '../../handlers/order-service/index.js';
import { migrate, openDatabase, type Database, type OpenDatabaseOptions } from '../db/index.js';
import { outboxRoute } from '../domain/order-service/index.js';
import type { Clock } from '../domain/shared/index.js';
import {
  createOrderStore,
  ORDER_EVENTS,
  type CompleteOrderInput,
  type CompleteOrderOutcome,
  type MessageMeta,
  type OrderStore,
} from '../order-store/index.js';
import { createOutboxRelay, type OutboxMessage, type OutboxRelay, type OutboxRelayOptions } from '../outbox/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface OrderServiceProcessOptions extends ProcessOptions<OrderServiceContract> {
  /** A database to use (left open on stop). Default: `openDatabase(database)`, closed on stop. */
  readonly db?: Database;
  /** How to open the database when `db` is not given (default: `DATABASE_URL`, else an in-memory PGlite). */
  readonly database?: OpenDatabaseOptions;
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

function publisher(producer: OrderServiceProducer): (message: OutboxMessage) => Promise<void> {
  return (message) => {
    const { method, options } = outboxRoute(message);
    // The payload was validated against this message's schema when it was written (and is again on send).
    const send = producer[method] as (payload: unknown, sendOptions: typeof options) => Promise<void>;
    return send(message.payload, options);
  };
}

export async function startOrderServiceProcess(transport: Transport, options: OrderServiceProcessOptions = {}): Promise<OrderServiceProcess> {
  const logger = processLogger(options);
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openDatabase(options.database));
  let relay: OutboxRelay | undefined;
  try {
    if (options.migrate !== false) await migrate(db);
    const store = createOrderStore(db, {
      ...(options.now ? { now: options.now } : {}),
      afterCommit: () => relay?.wake(),
      validateEvent: eventValidator(),
    });
    const process = await startProcess(
    () => startOrderService(transport, handlers, { ...serviceOptions(options), deps: { store, logger } }),
    async () => {
        const r = relay as OutboxRelay;
        await r.stop();
        // One last pass, so that events of the commands that just finished go out now.
        for (let i = 0; i < 20; i++) {
          const batch = await r.runOnce().catch(() => undefined);
          if (!batch || batch.claimed === 0 || batch.failed > 0) break;
        }
        if (ownsDb) await db.close();
      },
    );
    relay = createOutboxRelay(db, {
      onError: (error, context) =>
        logger.warn('outbox-relay-error', { phase: context.phase, relayId: context.relayId, messageId: context.message?.id, type: context.message?.type, error }),
      ...options.relay,
      publish: publisher(process.service.producer),
    });
    relay.start();
    return {
      ...process,
      db,
      store,
      relay,
      completeOrder: (input, meta) => store.completeOrder(input, meta),
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}
