/**
 * What a handler can say about a failure, on both transports (RabbitMQ and in memory): a
 * permanent failure (`ctx.fail`) is dead-lettered at once, to a named business dead-letter queue
 * when it names one; a query's refusal (`ctx.refuse`) reaches the requester as a typed
 * `QueryRefusedError` in both envelope modes, distinct from a failure or a timeout. Typed
 * proofs (only declared names compile) are at the end.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryTransport,
  createRabbitTransport,
  defineMessage,
  HEADERS,
  isQueryRefused,
  PermanentFailure,
  QueryRefusedError,
  RequestError,
  startService,
  type EnvelopeMode,
  type ServiceContract,
  type Transport,
} from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, getOrder, ordersContract, params, type GetOrder, type OrderView } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { watchQueue } from './helpers/services.js';
import { waitFor } from './helpers/wait.js';

/** `get-order` as the generator emits a query with `x-errors: [not-found, refused]`. */
const refusableGetOrder = defineMessage<GetOrder, OrderView, 'not-found' | 'refused'>({ ...getOrder, errors: ['not-found', 'refused'] });

/** The fixture's orders service with a business dead letter and a query that may refuse. */
function refusingOrders() {
  const base = ordersContract({ retryDelaysMs: [20, 40] });
  return {
    ...base,
    receives: { ...base.receives, getOrder: refusableGetOrder },
    businessDeadLetters: { declined: { queue: 'orders.dlq.declined', description: 'Orders the payment provider declined' } },
    topology: { ...base.topology, queues: [...base.topology.queues, { name: 'orders.dlq.declined', role: 'business-dead-letter', type: 'classic' }] },
  } as const satisfies ServiceContract;
}

function asker() {
  const base = checkoutContract();
  return { ...base, sends: { ...base.sends, getOrder: refusableGetOrder } } as const satisfies ServiceContract;
}

const logger = captureLogger();
const transports: Transport[] = [];
let url = '';
let prefix = '';

beforeAll(async () => {
  url = await brokerUrl();
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  if (prefix) await deleteTopology(url, prefix, params, refusingOrders(), asker());
  prefix = '';
  logger.lines.length = 0;
});

async function open(kind: 'memory' | 'rabbitmq', envelope: EnvelopeMode = 'structured'): Promise<Transport> {
  let transport: Transport;
  if (kind === 'memory') transport = createMemoryTransport({ params, logger, envelope });
  else {
    prefix = uniquePrefix();
    transport = await createRabbitTransport({ url, prefix, params, logger, envelope });
  }
  transports.push(transport);
  return transport;
}

const queueName = (name: string) => `${prefix}${name}`;

describe.each(['memory', 'rabbitmq'] as const)('failures a handler reports, on %s', (kind) => {
  it('dead-letters a permanent failure at once to the business dead letter it names, with its reason', async () => {
    const transport = await open(kind);
    const attempts: number[] = [];
    await startService(transport, refusingOrders(), {
      handlers: {
        placeOrder: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          throw ctx.fail('card blocked', { deadLetter: 'declined' });
        },
        getOrder: async ({ orderId }) => ({ orderId, status: 'NEW', total: 1 }),
      },
    });
    const declined = await watchQueue(transport, queueName('orders.dlq.declined'));
    const dlq = await watchQueue(transport, queueName('orders.dlq'));
    const checkout = await startService(transport, asker(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('ord-d'));
    const [dead] = await waitFor(() => (declined.messages.length > 0 ? declined.messages : undefined), 'the declined order');
    expect(attempts).toEqual([0]);
    expect(dead?.body).toEqual(aPlaceOrder('ord-d'));
    expect(dead?.headers).toMatchObject({
      [HEADERS.deadLetterReason]: 'permanent-failure',
      [HEADERS.error]: 'card blocked',
      [HEADERS.businessDeadLetter]: 'declined',
      [HEADERS.attempt]: 1,
      [HEADERS.originalQueue]: queueName('orders'),
    });
    expect(dlq.messages).toEqual([]);
    expect(logger.events()).not.toContain('handler-failed');
  });

  it("dead-letters a permanent failure without a name, or with one the contract lacks, to the service's own DLQ", async () => {
    const transport = await open(kind);
    await startService(transport, refusingOrders(), {
      handlers: {
        placeOrder: async (p, ctx) => {
          if (p.orderId === 'ord-shipped') throw ctx.fail('order already shipped');
          // Untyped code can name anything; the message must still not be lost.
          throw new PermanentFailure('unknown route', { deadLetter: 'nowhere' });
        },
        getOrder: async ({ orderId }) => ({ orderId, status: 'NEW', total: 1 }),
      },
    });
    const dlq = await watchQueue(transport, queueName('orders.dlq'));
    const checkout = await startService(transport, asker(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('ord-shipped'));
    await checkout.producer.placeOrder(aPlaceOrder('ord-lost'));
    const dead = await waitFor(() => (dlq.messages.length === 2 ? dlq.messages : undefined), 'both dead letters');
    const byOrder = new Map(dead.map((m) => [(m.body as { orderId: string }).orderId, m.headers]));
    expect(byOrder.get('ord-shipped')).toMatchObject({ [HEADERS.deadLetterReason]: 'permanent-failure', [HEADERS.error]: 'order already shipped', [HEADERS.attempt]: 1 });
    expect(byOrder.get('ord-lost')?.[HEADERS.error]).toBe(
      'unknown route (business dead letter "nowhere" is not declared for orders, so it went to the service\'s dead-letter queue)',
    );
    expect(byOrder.get('ord-lost')?.[HEADERS.businessDeadLetter]).toBeUndefined();
  });

  it('treats a refusal thrown by a command handler as a permanent failure', async () => {
    const transport = await open(kind);
    await startService(transport, refusingOrders(), {
      handlers: {
        placeOrder: async (_p, ctx) => {
          throw ctx.refuse('refused', 'not today');
        },
        getOrder: async ({ orderId }) => ({ orderId, status: 'NEW', total: 1 }),
      },
    });
    const dlq = await watchQueue(transport, queueName('orders.dlq'));
    const checkout = await startService(transport, asker(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder());
    const [dead] = await waitFor(() => (dlq.messages.length > 0 ? dlq.messages : undefined), 'the refused command');
    expect(dead?.headers[HEADERS.error]).toBe('refused with refused: not today (only a query can answer with a refusal)');
    expect(dead?.headers[HEADERS.deadLetterReason]).toBe('permanent-failure');
  });

  it.each(['structured', 'binary'] as const)('rejects a request with a typed QueryRefusedError (%s envelope)', async (mode) => {
    const transport = await open(kind, mode);
    await startService(transport, refusingOrders(), {
      handlers: {
        placeOrder: async () => {},
        getOrder: async ({ orderId }, ctx) => {
          if (orderId === 'ord-missing') throw ctx.refuse('not-found', `no order ${orderId}`, { orderId, searched: ['live', 'archive'] });
          if (orderId === 'ord-odd') throw ctx.refuse('gone' as never, 'not a declared error');
          if (orderId === 'ord-fail') throw ctx.fail('database down');
          throw ctx.refuse('refused');
        },
      },
    });
    const checkout = await startService(transport, asker(), { handlers: { orderPlaced: async () => {} } });
    const missing = await checkout.producer.getOrder({ orderId: 'ord-missing' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(QueryRefusedError);
    expect(missing).not.toBeInstanceOf(RequestError);
    expect(missing).toMatchObject({
      code: 'query-refused',
      reason: 'not-found',
      details: { orderId: 'ord-missing', searched: ['live', 'archive'] },
      messageType: 'get-order@1.0.0',
      source: 'orders',
      message: 'query get-order@1.0.0 refused by orders: not-found — no order ord-missing',
    });
    expect(isQueryRefused(missing, asker().sends.getOrder)).toBe(true);
    if (isQueryRefused(missing, asker().sends.getOrder)) {
      const reason: 'not-found' | 'refused' = missing.reason;
      void reason;
    }
    const bare = await checkout.producer.getOrder({ orderId: 'ord-x' }).catch((e: unknown) => e);
    expect(bare).toMatchObject({ code: 'query-refused', reason: 'refused', details: undefined, message: 'query get-order@1.0.0 refused by orders: refused' });
    // Not declared by the query: a failure, as is a permanent failure in a query handler.
    const odd = await checkout.producer.getOrder({ orderId: 'ord-odd' }).catch((e: unknown) => e);
    expect(odd).toBeInstanceOf(RequestError);
    expect(odd).toMatchObject({ code: 'request-failed', remoteMessage: 'refused with "gone", an error get-order@1.0.0 does not declare: not a declared error' });
    const failed = await checkout.producer.getOrder({ orderId: 'ord-fail' }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'request-failed', remoteMessage: 'database down' });
    expect(isQueryRefused(failed)).toBe(false);
  });

  it('types a refusal only where the requester declares the error: a contract without it gets request-failed', async () => {
    const transport = await open(kind);
    await startService(transport, refusingOrders(), {
      handlers: { placeOrder: async () => {}, getOrder: async (_p, ctx) => Promise.reject(ctx.refuse('not-found', 'no such order')) },
    });
    // The plain fixture's checkout knows get-order without errors (an older contract).
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    const err = await checkout.producer.getOrder({ orderId: 'o' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'request-failed', remoteMessage: 'not-found: no such order' });
  });
});

// Never called: these bodies exist for the compiler. Each @ts-expect-error below is a proof.
export async function failureTypeProofs(transport: Transport): Promise<void> {
  await startService(transport, refusingOrders(), {
    handlers: {
      placeOrder: async (_p, ctx) => {
        // @ts-expect-error — only the contract's business dead letters compile
        throw ctx.fail('x', { deadLetter: 'elsewhere' });
      },
      getOrder: async (_p, ctx) => {
        // @ts-expect-error — only the errors the service's queries declare compile
        throw ctx.refuse('teapot');
      },
    },
  });
  await startService(transport, ordersContract(), {
    handlers: {
      placeOrder: async (_p, ctx) => {
        // @ts-expect-error — a contract without business dead letters takes no name
        throw ctx.fail('x', { deadLetter: 'declined' });
      },
      getOrder: async (_p, ctx) => {
        // @ts-expect-error — a query without declared errors cannot refuse
        throw ctx.refuse('not-found');
      },
    },
  });
}
