/**
 * A message from another client is untrusted (issue 12, "Runtime"), on the real broker with real
 * foreign processes: `amqp-publish` sends a body that is not JSON, a 50 MB body (RabbitMQ 3.x
 * accepts up to `max_message_size`, 128 MiB by default), garbled and oversized headers and an
 * unknown type; pika sends a burst of 1,000 poison messages. Each ends in the dead-letter queue
 * with a reason, valid messages keep being handled, and nothing loops. The same semantics on the
 * in-memory transport: foreign-clients.test.ts.
 */
import amqp from 'amqplib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, HEADERS, startService, type Transport } from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, ordersContract, params } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, drainQueue, queueDepth, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { pika, requireForeignClients, run } from './helpers/foreign-clients.js';
import { sleep, waitFor } from './helpers/wait.js';

let url: string;
let prefix = '';
const transports: Transport[] = [];
const logger = captureLogger();

beforeAll(async () => {
  await requireForeignClients();
  url = await brokerUrl();
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  if (prefix) await deleteTopology(url, prefix, params, ordersContract(), checkoutContract());
  logger.lines.length = 0;
});

async function startOrders() {
  prefix = uniquePrefix();
  const transport = await createRabbitTransport({ url, prefix, params, logger });
  transports.push(transport);
  const handled: string[] = [];
  await startService(transport, ordersContract(), {
    handlers: { placeOrder: async (p) => void handled.push(p.orderId), getOrder: async () => ({ orderId: 'o', status: 'NEW', total: 1 }) },
  });
  return handled;
}

/** `amqp-publish` to the orders command exchange: the body as an argument, or on stdin when large. */
function amqpPublish(headers: readonly string[], body: string | Buffer): Promise<string> {
  const args = ['-u', url, '-e', `${prefix}orders.commands`, '-r', 'place-order.v1', '-p', '-C', 'application/json', ...headers.flatMap((h) => ['-H', h])];
  return typeof body === 'string' ? run('/usr/bin/amqp-publish', [...args, '-b', body]) : run('/usr/bin/amqp-publish', args, body);
}

const count = (values: readonly unknown[]) => Object.fromEntries([...new Set(values)].map((v) => [String(v), values.filter((x) => x === v).length]));

describe('untrusted messages on RabbitMQ', () => {
  it('dead-letters what amqp-publish sends wrong, with a reason each, and keeps handling valid commands', async () => {
    const handled = await startOrders();
    // Valid JSON and a valid command but for its size: only the limit stands between it and the handler.
    const huge = Buffer.from(JSON.stringify({ ...aPlaceOrder('ord-huge'), customerId: 'c'.repeat(50 * 1024 * 1024) }));
    await amqpPublish([], '{"orderId": "unterminated');
    await amqpPublish([], huge);
    await amqpPublish([`${HEADERS.attempt}: many`, `${HEADERS.ceTime}: last tuesday`], JSON.stringify(aPlaceOrder('ord-garbled')));
    await amqpPublish(['x-legacy-blob: ' + 'b'.repeat(30_000), 'x-small: kept'], JSON.stringify(aPlaceOrder('ord-big-headers')));
    await amqpPublish([`${HEADERS.ceType}: refund-everything`], JSON.stringify(aPlaceOrder('ord-unknown')));
    await amqpPublish([], JSON.stringify(aPlaceOrder('ord-valid')));

    const dlq = `${prefix}orders.dlq`;
    await waitFor(async () => handled.length === 1 && (await queueDepth(url, dlq)) === 5, 'one handled, five dead-lettered', 30_000);
    expect(handled).toEqual(['ord-valid']);
    expect(await queueDepth(url, `${prefix}orders`)).toBe(0);
    const dead = await drainQueue(url, dlq);
    expect(dead).toHaveLength(5);
    // Handlers run concurrently (prefetch 20), so the dead-letter queue's order is not asserted.
    expect(dead.map((m) => [m.headers[HEADERS.deadLetterReason], m.headers[HEADERS.error]])).toEqual(expect.arrayContaining([
      ['unparseable', expect.stringMatching(/^body is not JSON: /)],
      ['oversized', `body is ${huge.length} bytes, over the limit of 1048576 bytes (maxBodyBytes)`],
      ['unparseable', 'header catwire-attempt must be a whole number of attempts, not "many"; header cloudEvents_time must be an RFC 3339 time, not "last tuesday"'],
      ['oversized', expect.stringMatching(/^headers are 30\d{3} bytes, over the limit of 16384 bytes$/)],
      ['unknown-message', 'service orders has no handler for refund-everything@? (it receives place-order@1.0.0, get-order@1.0.0)'],
    ]));
    // The oversized body is kept whole for inspection; the oversized header is dropped and counted.
    const bigBody = dead.find((m) => String(m.headers[HEADERS.error]).startsWith(`body is ${huge.length} bytes`));
    expect((bigBody?.body as { customerId: string }).customerId).toHaveLength(50 * 1024 * 1024);
    const bigHeaders = dead.find((m) => String(m.headers[HEADERS.error]).startsWith('headers are'));
    expect(bigHeaders?.headers).toMatchObject({ 'x-small': 'kept', [HEADERS.droppedHeaders]: 1 });
    expect(bigHeaders?.headers['x-legacy-blob']).toBeUndefined();
    expect(logger.events()).not.toContain('move-failed');
  });

  it('moves a burst of 1,000 poison messages from pika to the dead-letter queue while valid ones are handled', async () => {
    const handled = await startOrders();
    const exchange = `${prefix}orders.commands`;
    const bodies = (make: (i: number) => string, n: number) => Array.from({ length: n }, (_, i) => make(i));
    const burst = [
      pika({ action: 'publish', url, exchange, routingKey: 'place-order.v1', bodies: bodies((i) => `<xml>${i}</xml>`, 250) }),
      pika({ action: 'publish', url, exchange, routingKey: 'place-order.v1', bodies: bodies((i) => JSON.stringify({ orderId: i }), 250) }),
      pika({ action: 'publish', url, exchange, routingKey: 'place-order.v1', bodies: bodies((i) => JSON.stringify(aPlaceOrder(`u-${i}`)), 250), properties: { type: 'no-such-message' } }),
      pika({
        action: 'publish',
        url,
        exchange,
        routingKey: 'place-order.v1',
        bodies: bodies((i) => JSON.stringify(aPlaceOrder(`g-${i}`)), 250),
        properties: { headers: { [HEADERS.version]: { major: 1 } } },
      }),
      pika({ action: 'publish', url, exchange, routingKey: 'place-order.v1', bodies: bodies((i) => JSON.stringify(aPlaceOrder(`ok-${i}`)), 10) }),
    ];
    await Promise.all(burst);
    const dlq = `${prefix}orders.dlq`;
    await waitFor(async () => handled.length === 10 && (await queueDepth(url, dlq)) === 1_000, '10 handled, 1,000 dead-lettered', 60_000);
    expect(handled.sort()).toEqual(bodies((i) => `ok-${i}`, 10).sort());
    expect(await queueDepth(url, `${prefix}orders`)).toBe(0);
    const dead = await drainQueue(url, dlq, 1_100);
    expect(dead).toHaveLength(1_000);
    expect(count(dead.map((m) => m.headers[HEADERS.deadLetterReason]))).toEqual({ unparseable: 500, 'invalid-payload': 250, 'unknown-message': 250 });
    // Each went straight to the dead-letter queue: no retry, no requeue, no failed move.
    expect(dead.every((m) => m.headers[HEADERS.attempt] === 0 && m.headers['x-death'] === undefined)).toBe(true);
    expect(logger.events()).not.toContain('move-failed');
  });

  it('rejects a message whose move can never succeed (no queue takes the copy) instead of requeueing it forever', async () => {
    const handled = await startOrders();
    // Without the dead-letter queue a move cannot succeed (a mandatory publish to no queue).
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    await ch.deleteQueue(`${prefix}orders.dlq`);
    await amqpPublish([], 'not json at all');
    await waitFor(() => logger.lines.filter((l) => l.event === 'move-failed').length >= 2, 'two failed moves');
    await waitFor(async () => (await queueDepth(url, `${prefix}orders`)) === 0, 'the main queue to empty');
    await sleep(300); // room for a third delivery, were there one
    expect(logger.lines.filter((l) => l.event === 'move-failed').map((l) => [l.fields['redelivered'], l.fields['failures']])).toEqual([[false, 1], [true, 2]]);
    expect(await queueDepth(url, `${prefix}orders`)).toBe(0);
    expect(handled).toEqual([]);
    await conn.close();
  });
});
