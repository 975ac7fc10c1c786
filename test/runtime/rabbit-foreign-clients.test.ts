/**
 * catwire beside services it did not write, on the real broker, with real foreign clients:
 * amqp-tools (`amqp-publish`, librabbitmq-c) and Python pika (helpers/pika_client.py).
 * - plain JSON in: a command with no type, no id and no headers is identified by its binding;
 * - structured and binary out: pika reads catwire's events in both envelope modes;
 * - a query answered to a textbook RPC client (named reply queue + correlation_id), in both modes;
 * - a query the handler refuses with a declared error: the client tells it from a failure.
 * The recipes they follow are the "Talking to catwire from other clients" section of docs/runtime.md.
 */
import amqp from 'amqplib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, defineMessage, HEADERS, startService, type Envelope, type ServiceContract, type Transport } from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, getOrder, ordersContract, params, type GetOrder, type OrderView, type PlaceOrder } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { pika, requireForeignClients, run, type PikaMessage } from './helpers/foreign-clients.js';
import { waitFor } from './helpers/wait.js';

let url: string;
let prefix = '';
const transports: Transport[] = [];
const view = { orderId: 'ord-1', status: 'PAID', total: 7 } as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  await requireForeignClients();
  url = await brokerUrl();
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  if (prefix) await deleteTopology(url, prefix, params, ordersContract(), checkoutContract());
});

async function startOrders(envelope: 'structured' | 'binary' = 'structured') {
  prefix = uniquePrefix();
  const transport = await createRabbitTransport({ url, prefix, params, envelope, logger: captureLogger() });
  transports.push(transport);
  const handled: { payload: PlaceOrder; envelope: Envelope }[] = [];
  const service = await startService(transport, ordersContract(), {
    handlers: {
      placeOrder: async (payload, ctx) => void handled.push({ payload, envelope: ctx.envelope }),
      getOrder: async ({ orderId }) => ({ ...view, orderId }),
    },
  });
  return { service, handled };
}

/** The fixture's orders service with `get-order` declaring `x-errors: [not-found]`, which it refuses for `ord-missing`. */
async function startRefusingOrders() {
  prefix = uniquePrefix();
  const transport = await createRabbitTransport({ url, prefix, params, logger: captureLogger() });
  transports.push(transport);
  const base = ordersContract();
  const contract = {
    ...base,
    receives: { ...base.receives, getOrder: defineMessage<GetOrder, OrderView, 'not-found'>({ ...getOrder, errors: ['not-found'] }) },
  } as const satisfies ServiceContract;
  await startService(transport, contract, {
    handlers: {
      placeOrder: async () => {},
      getOrder: async ({ orderId }, ctx) => {
        if (orderId === 'ord-missing') throw ctx.refuse('not-found', `no order ${orderId}`, { searched: ['live', 'archive'] });
        throw new Error('the order database is down');
      },
    },
  });
}

describe('foreign AMQP clients on RabbitMQ', () => {
  it('handles plain JSON commands from amqp-publish and pika: no type, no id, no headers', async () => {
    const { handled } = await startOrders();
    await run('/usr/bin/amqp-publish', ['-u', url, '-e', `${prefix}orders.commands`, '-r', 'place-order.v1', '-b', JSON.stringify(aPlaceOrder('ord-amqp-tools'))]);
    await pika({
      action: 'publish',
      url,
      exchange: `${prefix}orders.commands`,
      routingKey: 'place-order.v1',
      bodies: [JSON.stringify(aPlaceOrder('ord-pika'))],
      properties: { content_type: 'application/json', delivery_mode: 2 },
    });
    await waitFor(() => handled.length === 2, 'both plain commands');
    expect(handled.map((h) => h.payload.orderId).sort()).toEqual(['ord-amqp-tools', 'ord-pika']);
    for (const { envelope } of handled) {
      expect(envelope).toMatchObject({ type: 'place-order', version: '1.0.0', mode: 'binary', assigned: ['messageId', 'type', 'version'] });
      expect(envelope.messageId).toMatch(uuid);
      expect(envelope.correlationId).toBe(envelope.messageId);
    }
  });

  it('publishes events pika reads in both envelope modes', async () => {
    const received: PikaMessage[] = [];
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    for (const mode of ['structured', 'binary'] as const) {
      const { service } = await startOrders(mode);
      const queue = `${prefix}pika-subscriber`;
      await ch.assertQueue(queue, { durable: false });
      await ch.bindQueue(queue, `${prefix}orders.test.events`, 'order-placed.v1');
      await service.producer.orderPlaced({ orderId: `ord-${mode}`, total: 3.5 }, { correlationId: `flow-${mode}` });
      const { messages } = await pika<{ messages: PikaMessage[] }>({ action: 'get', url, queue, count: 1 });
      received.push(...messages);
      await ch.deleteQueue(queue);
      await Promise.all(transports.splice(0).map((t) => t.close()));
      await deleteTopology(url, prefix, params, ordersContract());
    }
    await conn.close();
    const [structured, binary] = received;
    expect(structured?.contentType).toBe('application/cloudevents+json');
    expect(JSON.parse(structured?.body ?? '')).toMatchObject({
      specversion: '1.0',
      type: 'order-placed',
      source: 'orders',
      catwireversion: '1.0.0',
      correlationid: 'flow-structured',
      data: { orderId: 'ord-structured', total: 3.5 },
    });
    expect(binary).toMatchObject({ contentType: 'application/json', type: 'order-placed', appId: 'orders', correlationId: 'flow-binary' });
    expect(JSON.parse(binary?.body ?? '')).toEqual({ orderId: 'ord-binary', total: 3.5 });
    expect(binary?.messageId).toMatch(uuid);
    expect(binary?.headers).toMatchObject({ [HEADERS.ceType]: 'order-placed', [HEADERS.version]: '1.0.0' });
  });

  it('answers a textbook RPC client (named reply queue, correlation_id) in both envelope modes', async () => {
    await startOrders();
    type Rpc = { sentCorrelationId: string; replyQueue: string; reply: PikaMessage | null };
    const target = { url, exchange: `${prefix}orders.queries`, routingKey: 'get-order.v1' };
    // Binary: plain JSON, nothing but reply_to and correlation_id.
    const plain = await pika<Rpc>({ action: 'rpc', ...target, body: JSON.stringify({ orderId: 'ord-plain' }) });
    expect(plain.reply?.correlationId).toBe(plain.sentCorrelationId);
    expect(plain.reply?.contentType).toBe('application/json');
    expect(JSON.parse(plain.reply?.body ?? '')).toEqual({ ...view, orderId: 'ord-plain' });

    // Structured: a CloudEvent request; the reply is one too, and still carries the AMQP correlation_id.
    const event = { specversion: '1.0', id: 'req-ce-1', source: 'pika-shop', type: 'get-order', data: { orderId: 'ord-ce' } };
    const structured = await pika<Rpc>({ action: 'rpc', ...target, body: JSON.stringify(event), properties: { content_type: 'application/cloudevents+json' } });
    expect(structured.reply?.correlationId).toBe(structured.sentCorrelationId);
    expect(structured.reply?.contentType).toBe('application/cloudevents+json');
    expect(JSON.parse(structured.reply?.body ?? '')).toMatchObject({ type: 'get-order.reply', causationid: 'req-ce-1', data: { ...view, orderId: 'ord-ce' } });

    // An invalid query is answered too (with the error), then dead-lettered: the client never waits in vain.
    const invalid = await pika<Rpc>({ action: 'rpc', ...target, body: JSON.stringify({ order: 1 }) });
    expect(invalid.reply?.correlationId).toBe(invalid.sentCorrelationId);
    expect(invalid.reply?.headers[HEADERS.replyError]).toBe('invalid-payload: payload of get-order@1.0.0 is invalid: /orderId is required');
  });

  it('tells a pika RPC client a declared refusal from a failure, by header and by body (docs/runtime.md)', async () => {
    await startRefusingOrders();
    type Rpc = { sentCorrelationId: string; reply: PikaMessage | null };
    const target = { url, exchange: `${prefix}orders.queries`, routingKey: 'get-order.v1' };
    const refused = await pika<Rpc>({ action: 'rpc', ...target, body: JSON.stringify({ orderId: 'ord-missing' }) });
    expect(refused.reply?.correlationId).toBe(refused.sentCorrelationId);
    expect(refused.reply?.headers[HEADERS.replyRefused]).toBe('not-found');
    expect(refused.reply?.headers[HEADERS.replyError]).toBe('not-found: no order ord-missing');
    expect(JSON.parse(refused.reply?.body ?? '')).toEqual({
      error: 'not-found: no order ord-missing',
      refused: 'not-found',
      message: 'no order ord-missing',
      details: { searched: ['live', 'archive'] },
    });

    const failed = await pika<Rpc>({ action: 'rpc', ...target, body: JSON.stringify({ orderId: 'ord-1' }) });
    expect(failed.reply?.correlationId).toBe(failed.sentCorrelationId);
    expect(failed.reply?.headers[HEADERS.replyRefused]).toBeUndefined();
    expect(failed.reply?.headers[HEADERS.replyError]).toBe('the order database is down');
    expect(JSON.parse(failed.reply?.body ?? '')).toEqual({ error: 'the order database is down' });
  });
});
