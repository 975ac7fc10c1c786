/**
 * The service layer on the in-memory transport: routing per message kind, envelope and lineage,
 * validation on both sides, retry then dead-letter, request/reply and its timeout, idempotency,
 * graceful stop, and the contract checks. The same behaviours run against RabbitMQ in
 * rabbit.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ContractError,
  createMemoryIdempotencyStore,
  createMemoryTransport,
  createTransport,
  deleteTopology,
  HEADERS,
  PublishError,
  RequestError,
  startService,
  ValidationError,
  type DeliveryInfo,
  type Envelope,
  type Transport,
} from '../../runtime/index.js';
import { buildMessage } from '../../runtime/internal/encode.js';
import { internals } from '../../runtime/internal/transport.js';
import { aPlaceOrder, checkoutContract, ordersContract, params, type OrderPlaced, type PlaceOrder } from './fixtures/contracts.js';
import { captureLogger } from './helpers/capture-logger.js';
import { watchQueue } from './helpers/services.js';
import { deferred, waitFor } from './helpers/wait.js';

let transport: Transport;
const logger = captureLogger();

function memory(): Transport {
  transport = createMemoryTransport({ params, logger });
  return transport;
}

afterEach(async () => {
  await transport?.close();
  logger.lines.length = 0;
});

const view = { orderId: 'ord-1', status: 'NEW', total: 10 } as const;

describe('in-memory transport', () => {
  it('is what createTransport gives when neither url nor AMQP_URL is set', async () => {
    vi.stubEnv('AMQP_URL', '');
    transport = await createTransport({ params, logger });
    vi.unstubAllEnvs();
    expect(transport.kind).toBe('memory');
  });

  it('routes a command to its receiver and an event to its subscribers, with the envelope', async () => {
    memory();
    const placed: PlaceOrder[] = [];
    const events: { payload: OrderPlaced; envelope: Envelope }[] = [];
    const orders = await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async (payload, ctx) => {
          placed.push(payload);
          await ctx.producer.orderPlaced({ orderId: payload.orderId, total: 20 });
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(transport, checkoutContract(), {
      handlers: { orderPlaced: async (payload, ctx) => void events.push({ payload, envelope: ctx.envelope }) },
    });
    await checkout.producer.placeOrder(aPlaceOrder(), { correlationId: 'corr-1' });
    await waitFor(() => events.length === 1, 'the order-placed event');
    expect(placed).toEqual([aPlaceOrder()]);
    const { envelope } = events[0] as { envelope: Envelope };
    expect(envelope).toMatchObject({ type: 'order-placed', version: '1.0.0', source: 'orders', correlationId: 'corr-1' });
    expect(envelope.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(envelope.mode).toBe('structured');
    await orders.producer.orderPlaced({ orderId: 'ord-2', total: 1 });
    await waitFor(() => events.length === 2, 'a directly published event');
    expect(events[1]?.envelope.causationId).toBeUndefined();
  });

  it('works the same with the binary envelope (payload as body, envelope in properties and headers)', async () => {
    transport = createMemoryTransport({ params, logger, envelope: 'binary' });
    const seen: Envelope[] = [];
    await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async (p, ctx) => void (await ctx.producer.orderPlaced({ orderId: p.orderId, total: 3 })),
        getOrder: async ({ orderId }) => ({ ...view, orderId }),
      },
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async (_p, ctx) => void seen.push(ctx.envelope) } });
    await checkout.producer.placeOrder(aPlaceOrder(), { correlationId: 'corr-b' });
    await expect(checkout.producer.getOrder({ orderId: 'q' })).resolves.toEqual({ ...view, orderId: 'q' });
    const event = await waitFor(() => seen[0], 'the event');
    expect(event).toMatchObject({ mode: 'binary', type: 'order-placed', version: '1.0.0', source: 'orders', correlationId: 'corr-b' });
    expect(event.headers).toMatchObject({ [HEADERS.ceSpecVersion]: '1.0', [HEADERS.ceType]: 'order-placed', [HEADERS.version]: '1.0.0' });
  });

  it('continues the trace and the correlation of the handled message', async () => {
    memory();
    let commandEnvelope: Envelope | undefined;
    let eventEnvelope: Envelope | undefined;
    await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async (p, ctx) => {
          commandEnvelope = ctx.envelope;
          await ctx.producer.orderPlaced({ orderId: p.orderId, total: 1 });
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async (_p, ctx) => void (eventEnvelope = ctx.envelope) } });
    await checkout.producer.placeOrder(aPlaceOrder());
    const event = await waitFor(() => eventEnvelope, 'the event');
    const command = commandEnvelope as Envelope;
    expect(event.correlationId).toBe(command.correlationId);
    expect(event.causationId).toBe(command.messageId);
    expect(event.traceparent?.slice(0, 35)).toBe(command.traceparent?.slice(0, 35)); // same trace id
    expect(event.traceparent).not.toBe(command.traceparent); // new span
  });

  it('answers a query with the typed response, and rejects clearly on timeout and on a failing handler', async () => {
    memory();
    const release = deferred();
    await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async () => {},
        getOrder: async ({ orderId }) => {
          if (orderId === 'slow') await release.promise;
          if (orderId === 'broken') throw new Error('database is down');
          return { ...view, orderId };
        },
      },
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await expect(checkout.producer.getOrder({ orderId: 'ord-9' })).resolves.toEqual({ ...view, orderId: 'ord-9' });
    const timeout = checkout.producer.getOrder({ orderId: 'slow' }, { timeoutMs: 100 });
    await expect(timeout).rejects.toBeInstanceOf(RequestError);
    await expect(timeout).rejects.toMatchObject({ code: 'request-timeout', message: expect.stringMatching(/^no reply to get-order@1\.0\.0 within 100 ms/) });
    await expect(checkout.producer.getOrder({ orderId: 'broken' })).rejects.toMatchObject({
      code: 'request-failed',
      message: 'query get-order@1.0.0 failed in orders: database is down',
    });
    release.resolve();
  });

  it('refuses an invalid payload before sending, naming the field', async () => {
    memory();
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    const bad = { ...aPlaceOrder(), items: [{ sku: 'A', qty: 0 }] };
    const sending = checkout.producer.placeOrder(bad);
    await expect(sending).rejects.toBeInstanceOf(ValidationError);
    await expect(sending).rejects.toThrow('payload of place-order@1.0.0 is invalid: /items/0/qty must be >= 1');
    await expect(checkout.producer.placeOrder({ orderId: 'x', customerId: 'c' } as PlaceOrder)).rejects.toThrow(
      'payload of place-order@1.0.0 is invalid: /items is required',
    );
  });

  it('rejects a command nobody receives as unroutable', async () => {
    memory();
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    const sending = checkout.producer.placeOrder(aPlaceOrder());
    await expect(sending).rejects.toBeInstanceOf(PublishError);
    await expect(sending).rejects.toMatchObject({ code: 'unroutable', exchange: 'orders.commands', routingKey: 'place-order.v1' });
  });

  it('retries a failing handler with delay, then dead-letters it with the error', async () => {
    memory();
    const attempts: number[] = [];
    await startService(transport, ordersContract({ retryDelaysMs: [20, 40] }), {
      handlers: {
        placeOrder: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          throw new Error('payment service unavailable');
        },
        getOrder: async () => view,
      },
    });
    const dlq = await watchQueue(transport, 'orders.dlq');
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('ord-r'));
    await waitFor(() => dlq.messages.length > 0, 'the dead-lettered command');
    const dead = dlq.messages[0];
    expect(attempts).toEqual([0, 1, 2]);
    expect(dead?.body).toEqual(aPlaceOrder('ord-r'));
    expect(dead?.headers).toMatchObject({
      [HEADERS.deadLetterReason]: 'handler-failed',
      [HEADERS.error]: 'payment service unavailable',
      [HEADERS.attempt]: 3,
      [HEADERS.originalQueue]: 'orders',
    });
    expect(logger.events().filter((e) => e === 'handler-failed')).toHaveLength(2);
  });

  it('tells a handler where the message was published, also on its retry', async () => {
    memory();
    const seen: DeliveryInfo[] = [];
    await startService(transport, ordersContract({ retryDelaysMs: [20] }), {
      handlers: {
        placeOrder: async (p, ctx) => {
          seen.push(ctx.delivery);
          if (seen.length === 1) throw new Error('once');
          await ctx.producer.orderPlaced({ orderId: p.orderId, total: 1 });
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(transport, checkoutContract(), {
      handlers: { orderPlaced: async (_p, ctx) => void seen.push(ctx.delivery) },
    });
    await checkout.producer.placeOrder(aPlaceOrder('ord-d'));
    await waitFor(() => seen.length === 3, 'the retried command and its event');
    const command = { exchange: 'orders.commands', routingKey: 'place-order.v1' };
    expect(seen).toEqual([command, command, { exchange: 'orders.test.events', routingKey: 'order-placed.v1' }]);
  });

  it('deletes a contract\'s queues and exchanges, shared exchanges included', async () => {
    memory();
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    const orders = await startService(transport, ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    await orders.stop();
    await deleteTopology(transport, ordersContract());
    const broker = (transport[internals].wire as unknown as { broker: { queues: Map<string, unknown> } }).broker;
    expect([...broker.queues.keys()].sort()).toEqual(['checkout', 'checkout.dlq', 'checkout.retry.100', 'checkout.retry.50']);
    await expect(checkout.producer.placeOrder(aPlaceOrder())).rejects.toMatchObject({ code: 'publish-rejected' });
  });

  it('dead-letters invalid, unparseable and unknown messages with a reason, without running a handler', async () => {
    memory();
    const handled: unknown[] = [];
    await startService(transport, ordersContract(), {
      handlers: { placeOrder: async (p) => void handled.push(p), getOrder: async () => view },
    });
    const dlq = await watchQueue(transport, 'orders.dlq');
    const wire = transport[internals].wire;
    const send = (body: unknown, type = 'place-order') =>
      wire.publish('orders.commands', 'place-order.v1', buildMessage({ service: 'rogue', type, version: '1.0.0', body }, 'structured'), { mandatory: true, label: type });
    await send({ orderId: 'o', customerId: 'c', items: [] });
    await send({ orderId: 'o' }, 'cancel-order');
    await wire.publish('orders.commands', 'place-order.v1', { content: Buffer.from('{not json'), properties: { type: 'place-order', headers: {} } }, { mandatory: true, label: 'x' });
    await waitFor(() => dlq.messages.length === 3, 'three dead letters');
    expect(handled).toEqual([]);
    expect(dlq.messages.map((m) => m.headers[HEADERS.deadLetterReason])).toEqual(['invalid-payload', 'unknown-message', 'unparseable']);
    expect(dlq.messages[0]?.headers[HEADERS.error]).toBe('payload of place-order@1.0.0 is invalid: /items must NOT have fewer than 1 items');
    expect(dlq.messages[1]?.headers[HEADERS.error]).toBe('service orders has no handler for cancel-order@1.0.0 (it receives place-order@1.0.0, get-order@1.0.0)');
  });

  it('skips a message id that was already handled when an idempotency store is given', async () => {
    memory();
    const seen: string[] = [];
    await startService(transport, ordersContract(), {
      handlers: { placeOrder: async (p) => void seen.push(p.orderId), getOrder: async () => view },
      idempotency: createMemoryIdempotencyStore(),
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('a'), { messageId: 'm-1' });
    await checkout.producer.placeOrder(aPlaceOrder('a'), { messageId: 'm-1' });
    await checkout.producer.placeOrder(aPlaceOrder('b'), { messageId: 'm-2' });
    await waitFor(() => seen.includes('b'), 'the second message');
    expect(seen).toEqual(['a', 'b']);
  });

  it('stops gracefully: no new deliveries, in-flight handlers finish, then stop resolves', async () => {
    memory();
    const release = deferred();
    const events: string[] = [];
    const orders = await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async (p) => {
          events.push(`start ${p.orderId}`);
          await release.promise;
          events.push(`end ${p.orderId}`);
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('in-flight'));
    await waitFor(() => events.length === 1, 'the handler to start');
    const stopped = orders.stop().then(() => events.push('stopped'));
    await checkout.producer.placeOrder(aPlaceOrder('after-stop'));
    setTimeout(() => release.resolve(), 50);
    await stopped;
    expect(events).toEqual(['start in-flight', 'end in-flight', 'stopped']);
  });

  it('bounds the stop: a handler that never finishes leaves its message for redelivery', async () => {
    memory();
    const orders = await startService(transport, ordersContract(), {
      handlers: { placeOrder: () => new Promise<void>(() => {}), getOrder: async () => view },
      stopTimeoutMs: 50,
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder());
    await waitFor(() => logger.events().includes('service-started'), 'start');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await orders.stop();
    expect(logger.lines.find((l) => l.event === 'stop-timeout')?.fields).toMatchObject({ service: 'orders', inFlight: 1 });
    const redelivered: boolean[] = [];
    await startService(transport, ordersContract(), {
      handlers: { placeOrder: async (_p, ctx) => void redelivered.push(ctx.redelivered), getOrder: async () => view },
    });
    await waitFor(() => redelivered.length === 1, 'the redelivery');
    expect(redelivered).toEqual([true]);
  });
});

describe('contract checks', () => {
  it('names a missing {param}', async () => {
    transport = createMemoryTransport({ logger });
    const starting = startService(transport, ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    await expect(starting).rejects.toBeInstanceOf(ContractError);
    await expect(starting).rejects.toMatchObject({ code: 'missing-parameter' });
    await expect(starting).rejects.toThrow(`contract of service orders is not usable: name "orders.{env}.events" needs parameter "env"`);
  });

  it('lists every broken cross-reference before touching the broker', async () => {
    memory();
    const broken = ordersContract();
    const contract = {
      ...broken,
      topology: { ...broken.topology, bindings: [{ exchange: 'orders.cmds', queue: 'orders', routingKey: 'place-order.v1' }] },
    };
    const starting = startService(transport, contract, { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    await expect(starting).rejects.toMatchObject({
      code: 'invalid-contract',
      problems: [
        'Binding: orders.cmds → orders refers to an unknown exchange: orders.cmds',
        'Message: placeOrder (place-order@1.0.0) has no binding from orders.commands to orders for routing key: place-order.v1',
        'Message: getOrder (get-order@1.0.0) has no binding from orders.queries to orders for routing key: get-order.v1',
      ],
    });
  });

  it('refuses to start without a handler for every received message', async () => {
    memory();
    // A JavaScript caller (or a cast) can bypass the Handlers<C> type; the runtime checks too.
    const handlers = { placeOrder: async () => {} } as unknown as Parameters<typeof startService<ReturnType<typeof ordersContract>>>[2]['handlers'];
    await expect(startService(transport, ordersContract(), { handlers })).rejects.toMatchObject({
      code: 'missing-handler',
      message: 'contract of service orders is not usable: Handler: getOrder (get-order@1.0.0) is missing',
    });
  });
});
