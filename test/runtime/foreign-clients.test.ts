/**
 * Messages from clients not written with catwire, on the in-memory transport (the same
 * dispatcher serves RabbitMQ; rabbit-foreign-clients.test.ts and rabbit-untrusted.test.ts run
 * real foreign clients against the real broker):
 * - bare JSON is identified by the exchange and routing key it arrived with, gets a message id,
 *   and starts its own correlation; when nothing identifies it the reason says how to send it;
 * - a reply carries the request's AMQP correlation id in both envelope modes;
 * - an invalid payload reports every failing field, up to a bound;
 * - untrusted input (too large, not JSON, garbled headers, a burst of poison) ends in the
 *   dead-letter queue with a reason while valid messages keep being handled, and nothing loops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryTransport,
  defineMessage,
  HEADERS,
  startService,
  ValidationError,
  type Envelope,
  type ServiceContract,
  type Transport,
} from '../../runtime/index.js';
import { internals } from '../../runtime/internal/transport.js';
import type { WireProperties } from '../../runtime/internal/wire.js';
import { aPlaceOrder, checkoutContract, ordersContract, params, type PlaceOrder } from './fixtures/contracts.js';
import { captureLogger } from './helpers/capture-logger.js';
import { watchQueue } from './helpers/services.js';
import { sleep, waitFor } from './helpers/wait.js';

let transport: Transport;
const logger = captureLogger();
const view = { orderId: 'ord-1', status: 'NEW', total: 10 } as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

afterEach(async () => {
  await transport?.close();
  logger.lines.length = 0;
});

/** What a plain AMQP client sends: a body and whatever properties it chose, nothing else. */
function publishRaw(exchange: string, routingKey: string, body: string | Buffer, properties: WireProperties = {}): Promise<void> {
  const content = typeof body === 'string' ? Buffer.from(body) : body;
  return transport[internals].wire.publish(exchange, routingKey, { content, properties }, { mandatory: true, label: 'foreign' });
}

async function startOrders(options: { maxBodyBytes?: number } = {}) {
  const handled: { payload: PlaceOrder; envelope: Envelope }[] = [];
  const service = await startService(transport, ordersContract(), {
    handlers: { placeOrder: async (payload, ctx) => void handled.push({ payload, envelope: ctx.envelope }), getOrder: async () => view },
    ...options,
  });
  const dlq = await watchQueue(transport, 'orders.dlq');
  return { service, handled, dlq };
}

describe('messages from clients not written with catwire', () => {
  it('takes bare JSON on a binding that carries one message as that message, with a new id and correlation', async () => {
    transport = createMemoryTransport({ params, logger });
    const { handled } = await startOrders();
    await publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder('ord-bare')));
    await publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder('ord-typed')), { type: 'place-order' });
    await waitFor(() => handled.length === 2, 'both foreign commands');
    const [bare, typed] = handled;
    expect(bare?.payload).toEqual(aPlaceOrder('ord-bare'));
    expect(bare?.envelope).toMatchObject({ type: 'place-order', version: '1.0.0', mode: 'binary', assigned: ['messageId', 'type', 'version'] });
    expect(bare?.envelope.messageId).toMatch(uuid);
    expect(bare?.envelope.correlationId).toBe(bare?.envelope.messageId);
    // A type alone: only the id is assigned, and the only version received is taken.
    expect(typed?.envelope).toMatchObject({ type: 'place-order', version: '', assigned: ['messageId'] });
    expect(typed?.envelope.messageId).toMatch(uuid);
    expect(typed?.envelope.messageId).not.toBe(bare?.envelope.messageId);
  });

  it('says what is missing and how to send it when nothing identifies a message', async () => {
    transport = createMemoryTransport({ params, logger });
    const { handled, dlq } = await startOrders();
    // Straight to the queue (default exchange): no binding tells which message it is.
    await publishRaw('', 'orders', JSON.stringify(aPlaceOrder()));
    await waitFor(() => dlq.messages.length === 1, 'the unidentified message');
    expect(handled).toEqual([]);
    expect(dlq.messages[0]?.headers[HEADERS.deadLetterReason]).toBe('unknown-message');
    expect(dlq.messages[0]?.headers[HEADERS.error]).toBe(
      'the message has no type, and exchange "" with routing key "orders" carries none of the messages service orders receives: ' +
        'set the AMQP "type" property (or the cloudEvents_type header) and the catwire-version header, or "type" and "catwireversion" ' +
        'in a structured CloudEvent (service orders receives place-order@1.0.0, get-order@1.0.0)',
    );
    // The id it was given travels with the dead-lettered copy.
    expect(dlq.messages[0]?.envelope.messageId).toMatch(uuid);
    expect(dlq.messages[0]?.envelope.assigned).toBeUndefined();
  });

  it('tells apart messages of one wildcard binding by their routing key, and refuses a key the binding shares', async () => {
    transport = createMemoryTransport({ params, logger });
    const orderCancelled = defineMessage<{ orderId: string }>({
      id: 'order-cancelled',
      version: '2.1.0',
      kind: 'event',
      exchange: 'orders.{env}.events',
      routingKey: 'order-cancelled.v2',
      schema: { type: 'object', required: ['orderId'] },
    });
    const base = checkoutContract();
    const contract = {
      ...base,
      receives: { ...base.receives, orderCancelled },
      topology: { ...base.topology, bindings: [{ exchange: 'orders.{env}.events', queue: 'checkout', routingKey: '#' }] },
    } satisfies ServiceContract;
    const seen: string[] = [];
    await startService(transport, contract, {
      handlers: {
        orderPlaced: async (p, ctx) => void seen.push(`${ctx.envelope.type}@${ctx.envelope.version} ${p.orderId}`),
        orderCancelled: async (p, ctx) => void seen.push(`${ctx.envelope.type}@${ctx.envelope.version} ${p.orderId}`),
      },
    });
    const dlq = await watchQueue(transport, 'checkout.dlq');
    await publishRaw('orders.test.events', 'order-cancelled.v2', '{"orderId":"a"}');
    await publishRaw('orders.test.events', 'order-placed.v1', '{"orderId":"b","total":1}');
    await publishRaw('orders.test.events', 'order-shipped.v1', '{"orderId":"c"}');
    await waitFor(() => seen.length === 2 && dlq.messages.length === 1, 'two handled, one dead-lettered');
    expect(seen.sort()).toEqual(['order-cancelled@2.1.0 a', 'order-placed@1.0.0 b']);
    expect(dlq.messages[0]?.headers[HEADERS.error]).toMatch(
      /^the message has no type, and exchange "orders\.test\.events" with routing key "order-shipped\.v1" carries more than one \(order-placed@1\.0\.0, order-cancelled@2\.1\.0\): set the AMQP "type"/,
    );
  });

  it('answers a plain RPC client in both envelope modes with its correlation id on the reply', async () => {
    transport = createMemoryTransport({ params, logger });
    await startOrders();
    const wire = transport[internals].wire;
    await wire.declare({ exchanges: [], queues: [{ name: 'rpc-client.replies', durable: false, arguments: {} }], bindings: [] });
    const replies: { correlationId: unknown; contentType: unknown; body: unknown }[] = [];
    await wire.consume('rpc-client.replies', 10, (d) => {
      replies.push({ correlationId: d.properties.correlationId, contentType: d.properties.contentType, body: JSON.parse(d.content.toString()) });
      d.ack();
    });
    const replyTo = 'rpc-client.replies';
    // Binary: bare JSON, as a textbook RPC client sends it.
    await publishRaw('orders.queries', 'get-order.v1', '{"orderId":"ord-1"}', { replyTo, correlationId: 'req-binary', contentType: 'application/json' });
    // Structured: a CloudEvent; its AMQP correlation id is what the client matches on.
    const event = { specversion: '1.0', id: 'q-1', source: 'legacy', type: 'get-order', data: { orderId: 'ord-1' } };
    await publishRaw('orders.queries', 'get-order.v1', JSON.stringify(event), { replyTo, correlationId: 'req-structured', contentType: 'application/cloudevents+json' });
    await waitFor(() => replies.length === 2, 'two replies');
    const byId = new Map(replies.map((r) => [r.correlationId, r]));
    expect(byId.get('req-binary')).toEqual({ correlationId: 'req-binary', contentType: 'application/json', body: view });
    expect(byId.get('req-structured')).toMatchObject({ contentType: 'application/cloudevents+json', body: { type: 'get-order.reply', causationid: 'q-1', data: view } });
  });

  it('lists every failing field of an invalid payload, on receive and on send, up to a bound', async () => {
    transport = createMemoryTransport({ params, logger });
    const { dlq } = await startOrders();
    await publishRaw('orders.commands', 'place-order.v1', JSON.stringify({ orderId: '', items: [{ sku: 1, qty: 0 }], extra: true }));
    await waitFor(() => dlq.messages.length === 1, 'the invalid command');
    expect(dlq.messages[0]?.headers[HEADERS.error]).toBe(
      'payload of place-order@1.0.0 is invalid: /customerId is required; /extra is not allowed; /orderId must NOT have fewer than 1 characters; ' +
        '/items/0/sku must be string; /items/0/qty must be >= 1',
    );

    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });
    const items = Array.from({ length: 30 }, () => ({ sku: 'A', qty: 0 }));
    const sent = checkout.producer.placeOrder({ orderId: 'o', customerId: 'c', items });
    await expect(sent).rejects.toBeInstanceOf(ValidationError);
    const err = (await sent.catch((e: unknown) => e)) as ValidationError;
    expect(err.issues).toHaveLength(20);
    expect(err.omitted).toBe(10);
    expect(err.message).toMatch(/^payload of place-order@1\.0\.0 is invalid: \/items\/0\/qty must be >= 1; .*; \/items\/19\/qty must be >= 1; and 10 more$/);
  });
});

describe('untrusted input at the broker', () => {
  it('dead-letters a body over the limit without parsing it; the limit is a transport and a service option', async () => {
    transport = createMemoryTransport({ params, logger, maxBodyBytes: 2_000 });
    const { handled, dlq } = await startOrders();
    const big = JSON.stringify({ ...aPlaceOrder('ord-big'), customerId: 'c'.repeat(3_000) });
    await publishRaw('orders.commands', 'place-order.v1', big);
    await publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder('ord-small')));
    await waitFor(() => dlq.messages.length === 1 && handled.length === 1, 'one dead-lettered, one handled');
    expect(handled[0]?.payload.orderId).toBe('ord-small');
    expect(dlq.messages[0]?.headers[HEADERS.deadLetterReason]).toBe('oversized');
    expect(dlq.messages[0]?.headers[HEADERS.error]).toBe(`body is ${big.length} bytes, over the limit of 2000 bytes (maxBodyBytes)`);
    await transport.close();

    // Default 1 MiB; a service may set its own.
    transport = createMemoryTransport({ params, logger });
    const orders = await startOrders({ maxBodyBytes: 50 });
    await publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder('ord-over-50-bytes')));
    await waitFor(() => orders.dlq.messages.length === 1, 'dead-lettered by the service limit');
    expect(orders.dlq.messages[0]?.headers[HEADERS.error]).toMatch(/over the limit of 50 bytes/);
    expect(transport[internals].maxBodyBytes).toBe(1024 * 1024);
  });

  it('refuses garbled and oversized headers, naming every problem, and takes what is merely unusual', async () => {
    transport = createMemoryTransport({ params, logger });
    const { handled, dlq } = await startOrders();
    const garbled = {
      [HEADERS.attempt]: 'many',
      [HEADERS.ceTime]: 'yesterday-ish',
      [HEADERS.originalExchange]: { nested: ['table'] },
      [HEADERS.version]: ['1.0.0'],
    };
    const send = (orderId: string, properties: WireProperties) => publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder(orderId)), properties);
    await send('ord-garbled', { headers: garbled });
    await send('ord-negative', { headers: { [HEADERS.attempt]: -7 } });
    await send('ord-oversized', { headers: { 'x-legacy-blob': 'b'.repeat(30_000), 'x-small': 'kept' } });
    // Headers the runtime does not read may hold anything; a foreign x-death is the broker's business.
    await send('ord-unusual', { headers: { 'x-death': 'not a list', 'x-legacy': { deep: [1, 2, { three: true }] }, [HEADERS.ceType]: 'place-order', [HEADERS.attempt]: '0' } });
    await waitFor(() => handled.length === 1 && dlq.messages.length === 3, 'one handled, three dead-lettered');
    expect(handled[0]?.payload.orderId).toBe('ord-unusual');
    const [garbledDead, negativeDead, oversizedDead] = dlq.messages;
    expect(garbledDead?.headers[HEADERS.deadLetterReason]).toBe('unparseable');
    expect(garbledDead?.headers[HEADERS.error]).toBe(
      'header catwire-version must be text, not an array; header catwire-original-exchange must be text, not a table; ' +
        'header catwire-attempt must be a whole number of attempts, not "many"; header cloudEvents_time must be an RFC 3339 time, not "yesterday-ish"',
    );
    expect(negativeDead?.headers[HEADERS.error]).toBe('header catwire-attempt must be a whole number of attempts, not "-7"');
    expect(oversizedDead?.headers[HEADERS.deadLetterReason]).toBe('oversized');
    expect(oversizedDead?.headers[HEADERS.error]).toBe('headers are 30024 bytes, over the limit of 16384 bytes');
    // The dead-lettered copy keeps what fits and counts what it dropped.
    expect(oversizedDead?.headers['x-small']).toBe('kept');
    expect(oversizedDead?.headers['x-legacy-blob']).toBeUndefined();
    expect(oversizedDead?.headers[HEADERS.droppedHeaders]).toBe(1);
  });

  it('moves a burst of 1,000 poison messages to the dead-letter queue while valid ones are handled', async () => {
    transport = createMemoryTransport({ params, logger });
    const { handled, dlq } = await startOrders();
    const poison = [
      (i: number) => publishRaw('orders.commands', 'place-order.v1', `{not json ${i}`),
      (i: number) => publishRaw('orders.commands', 'place-order.v1', JSON.stringify({ orderId: `p-${i}` })),
      (i: number) => publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder(`p-${i}`)), { type: 'no-such-message' }),
      (i: number) => publishRaw('', 'orders', JSON.stringify({ i })),
    ];
    for (let i = 0; i < 1_000; i++) {
      await poison[i % poison.length]?.(i);
      if (i % 100 === 0) await publishRaw('orders.commands', 'place-order.v1', JSON.stringify(aPlaceOrder(`ok-${i}`)));
    }
    await waitFor(() => dlq.messages.length === 1_000 && handled.length === 10, '1,000 dead letters and 10 handled');
    const reasons = new Map<unknown, number>();
    for (const m of dlq.messages) reasons.set(m.headers[HEADERS.deadLetterReason], (reasons.get(m.headers[HEADERS.deadLetterReason]) ?? 0) + 1);
    expect(Object.fromEntries(reasons)).toEqual({ unparseable: 250, 'invalid-payload': 250, 'unknown-message': 500 });
    // Each poison message was delivered once: none went back to the queue.
    expect(logger.lines.filter((l) => l.event === 'move-failed')).toEqual([]);
  });

  it('rejects a message whose move can never succeed (no queue takes the copy), so the broker dead-letters it instead of looping', async () => {
    transport = createMemoryTransport({ params, logger });
    const { handled } = await startOrders();
    const wire = transport[internals].wire;
    // Without its dead-letter queue, a move cannot succeed.
    await wire.remove({ exchanges: [], queues: [{ name: 'orders.dlq', durable: true, arguments: {} }], bindings: [] });
    await publishRaw('orders.commands', 'place-order.v1', '{poison');
    await waitFor(() => logger.lines.filter((l) => l.event === 'move-failed').length === 2, 'two failed moves');
    await sleep(300); // room for a third attempt, were there one
    const broker = (wire as unknown as { broker: { queues: Map<string, { depth: number }> } }).broker;
    expect(logger.lines.filter((l) => l.event === 'move-failed').map((l) => [l.fields['redelivered'], l.fields['failures']])).toEqual([[false, 1], [true, 2]]);
    expect(broker.queues.get('orders')?.depth).toBe(0);
    expect(handled).toEqual([]);
  });
});
