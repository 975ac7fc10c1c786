/**
 * The runtime against a real RabbitMQ (started by test/setup/rabbitmq.ts, or AMQP_URL): each
 * message kind end to end, retry then dead-letter, invalid payloads dead-lettered with a reason,
 * request/reply and its timeout, graceful stop, quorum queues with a delivery limit, and a
 * topology the broker refuses. Every test has its own name prefix and deletes its topology.
 */
import amqp from 'amqplib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRabbitTransport,
  deleteTopology as deleteContractTopology,
  HEADERS,
  startService,
  type DeliveryInfo,
  type Envelope,
  type Transport,
} from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, ordersContract, params, type OrderPlaced, type PlaceOrder } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, drainQueue, queueDepth, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { deferred, sleep, waitFor } from './helpers/wait.js';

let url: string;
let prefix: string;
const transports: Transport[] = [];
const logger = captureLogger();
const view = { orderId: 'ord-1', status: 'PAID', total: 42 } as const;

beforeAll(async () => {
  url = await brokerUrl();
});

async function rabbit(extra: Partial<Parameters<typeof createRabbitTransport>[0]> = {}): Promise<Transport> {
  const transport = await createRabbitTransport({ url, prefix, params, logger, ...extra });
  transports.push(transport);
  return transport;
}

function startEach() {
  prefix = uniquePrefix();
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await deleteTopology(url, prefix, params, ordersContract(), checkoutContract());
  logger.lines.length = 0;
});

describe('RabbitMQ transport', () => {
  it('carries a command, an event and a query end to end between two connections', async () => {
    startEach();
    const events: { payload: OrderPlaced; envelope: Envelope }[] = [];
    const placed: PlaceOrder[] = [];
    await startService(await rabbit(), ordersContract(), {
      handlers: {
        placeOrder: async (p, ctx) => {
          placed.push(p);
          await ctx.producer.orderPlaced({ orderId: p.orderId, total: 7 });
        },
        getOrder: async ({ orderId }) => ({ ...view, orderId }),
      },
    });
    const checkout = await startService(await rabbit(), checkoutContract(), {
      handlers: { orderPlaced: async (payload, ctx) => void events.push({ payload, envelope: ctx.envelope }) },
    });
    await checkout.producer.placeOrder(aPlaceOrder('ord-e2e'), { correlationId: 'flow-1' });
    await waitFor(() => events.length === 1, 'the order-placed event');
    expect(placed).toEqual([aPlaceOrder('ord-e2e')]);
    expect(events[0]?.payload).toEqual({ orderId: 'ord-e2e', total: 7 });
    expect(events[0]?.envelope).toMatchObject({ type: 'order-placed', version: '1.0.0', source: 'orders', correlationId: 'flow-1' });
    await expect(checkout.producer.getOrder({ orderId: 'ord-q' })).resolves.toEqual({ ...view, orderId: 'ord-q' });
  });

  it('rejects a command that no queue receives, and times out a query nobody answers', async () => {
    startEach();
    const checkout = await startService(await rabbit(), checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await expect(checkout.producer.placeOrder(aPlaceOrder())).rejects.toMatchObject({ code: 'unroutable' });
    // A receiver whose handler never answers in time:
    const release = deferred();
    await startService(await rabbit(), ordersContract(), {
      handlers: { placeOrder: async () => {}, getOrder: async () => (await release.promise, view) },
    });
    await expect(checkout.producer.getOrder({ orderId: 'x' }, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'request-timeout',
      message: expect.stringMatching(/^no reply to get-order@1\.0\.0 within 200 ms/),
    });
    release.resolve();
  });

  it('retries a failing handler through the delay queues, then dead-letters it with the error', async () => {
    startEach();
    const attempts: number[] = [];
    await startService(await rabbit(), ordersContract({ retryDelaysMs: [50, 100] }), {
      handlers: {
        placeOrder: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          throw new Error('stock service timed out');
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(await rabbit(), checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('ord-retry'));
    await waitFor(async () => (await queueDepth(url, `${prefix}orders.dlq`)) === 1, 'the dead letter');
    const [dead] = await drainQueue(url, `${prefix}orders.dlq`);
    expect(attempts).toEqual([0, 1, 2]);
    // The original bytes: a structured CloudEvent, as checkout sent it.
    expect(dead?.body).toMatchObject({ type: 'place-order', source: 'checkout', catwireversion: '1.0.0', data: aPlaceOrder('ord-retry') });
    expect(dead?.properties.contentType).toBe('application/cloudevents+json');
    expect(dead?.headers).toMatchObject({
      [HEADERS.deadLetterReason]: 'handler-failed',
      [HEADERS.error]: 'stock service timed out',
      [HEADERS.attempt]: 3,
      [HEADERS.originalExchange]: `${prefix}orders.commands`,
      [HEADERS.originalQueue]: `${prefix}orders`,
    });
    expect(await queueDepth(url, `${prefix}orders`)).toBe(0);
  });

  it('dead-letters an invalid payload with its reason and never requeues it', async () => {
    startEach();
    const handled: unknown[] = [];
    await startService(await rabbit(), ordersContract(), {
      handlers: { placeOrder: async (p) => void handled.push(p), getOrder: async () => view },
    });
    const conn = await amqp.connect(url);
    const ch = await conn.createConfirmChannel();
    const body = Buffer.from(JSON.stringify({ orderId: 'o', customerId: 'c', items: [{ sku: 'A', qty: 0 }] }));
    ch.publish(`${prefix}orders.commands`, 'place-order.v1', body, { type: 'place-order', messageId: 'bad-1', headers: { [HEADERS.version]: '1.0.0' } });
    await ch.waitForConfirms();
    await conn.close();
    await waitFor(async () => (await queueDepth(url, `${prefix}orders.dlq`)) === 1, 'the dead letter');
    const [dead] = await drainQueue(url, `${prefix}orders.dlq`);
    expect(handled).toEqual([]);
    expect(dead?.properties.messageId).toBe('bad-1');
    expect(dead?.headers[HEADERS.deadLetterReason]).toBe('invalid-payload');
    expect(dead?.headers[HEADERS.error]).toBe('payload of place-order@1.0.0 is invalid: /items/0/qty must be >= 1');
    expect(await queueDepth(url, `${prefix}orders`)).toBe(0);
  });

  it('stops gracefully: started handlers complete, the rest stays queued, nothing is lost', async () => {
    startEach();
    const started = new Set<string>();
    const finished = new Set<string>();
    const orders = await startService(await rabbit(), ordersContract({ prefetch: 5 }), {
      handlers: {
        placeOrder: async (p) => {
          started.add(p.orderId);
          await sleep(150);
          finished.add(p.orderId);
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(await rabbit(), checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await Promise.all(Array.from({ length: 20 }, (_, i) => checkout.producer.placeOrder(aPlaceOrder(`o${i}`))));
    await waitFor(() => started.size >= 5, 'the first handlers');
    await orders.stop();
    expect([...finished].sort()).toEqual([...started].sort());
    await waitFor(async () => (await queueDepth(url, `${prefix}orders`)) === 20 - finished.size, 'the unhandled rest back in the queue');
  });

  it('declares quorum queues with a delivery limit when configured, and still retries through them', async () => {
    startEach();
    const transport = await rabbit({ queueType: 'quorum', deliveryLimit: 2 });
    let calls = 0;
    await startService(transport, ordersContract(), {
      handlers: {
        placeOrder: async () => {
          if (++calls === 1) throw new Error('first attempt fails');
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(await rabbit(), checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder());
    await waitFor(() => calls === 2, 'the retried command');
    // A foreign consumer that keeps requeueing: the broker's delivery limit dead-letters the message.
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    const args = { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': `${prefix}orders.dlq` };
    await ch.assertQueue(`${prefix}orders`, { durable: true, arguments: args }); // same arguments: accepted
    await ch.assertQueue(`${prefix}poison`, { durable: true, arguments: args });
    ch.sendToQueue(`${prefix}poison`, Buffer.from('{}'), { messageId: 'poison-1' });
    await ch.consume(`${prefix}poison`, (msg) => msg && ch.nack(msg, false, true));
    await waitFor(async () => (await queueDepth(url, `${prefix}orders.dlq`)) === 1, 'the delivery limit to dead-letter');
    const [dead] = await drainQueue(url, `${prefix}orders.dlq`);
    expect(dead?.properties.messageId).toBe('poison-1');
    expect(dead?.headers['x-first-death-reason']).toBe('delivery_limit');
    await ch.deleteQueue(`${prefix}poison`);
    await conn.close();
  });

  it('tells a handler the prefixed exchange and routing key, and deletes a contract\'s topology', async () => {
    startEach();
    const transport = await rabbit();
    const seen: DeliveryInfo[] = [];
    const orders = await startService(transport, ordersContract(), { handlers: { placeOrder: async (_p, ctx) => void seen.push(ctx.delivery), getOrder: async () => view } });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    await checkout.producer.placeOrder(aPlaceOrder('ord-d'));
    await waitFor(() => seen.length === 1, 'the command');
    expect(seen).toEqual([{ exchange: `${prefix}orders.commands`, routingKey: 'place-order.v1' }]);
    await orders.stop();
    await deleteContractTopology(transport, ordersContract());
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    ch.on('error', () => {}); // checkQueue of a missing queue closes the channel; the rejection below reports it
    const gone = await ch.checkQueue(`${prefix}orders`).then(() => 'exists', (err: Error) => err.message);
    await conn.close().catch(() => {});
    expect(gone).toContain('NOT_FOUND');
  });

  it('reports a topology the broker refuses as topology-rejected', async () => {
    startEach();
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    await ch.assertQueue(`${prefix}orders`, { durable: true }); // no dead-letter arguments
    await conn.close();
    const starting = startService(await rabbit(), ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    await expect(starting).rejects.toMatchObject({ code: 'topology-rejected', message: expect.stringContaining('PRECONDITION_FAILED') });
  });
});
