/**
 * Interoperability with an independent AMQP client (Debian's amqp-tools, librabbitmq-c):
 * - a catwire event is consumed by `amqp-consume` from a plain queue bound to the event exchange;
 * - a command published by `amqp-publish` with the documented headers (it cannot set AMQP
 *   properties such as type or message-id, hence the CloudEvents headers) is handled by catwire.
 */
import amqp from 'amqplib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, HEADERS, startService, type Envelope, type Transport } from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, ordersContract, params, type PlaceOrder } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { amqpToolsInstalled, run } from './helpers/foreign-clients.js';
import { waitFor } from './helpers/wait.js';

const tools = amqpToolsInstalled;
let url: string;
let prefix: string;
const transports: Transport[] = [];
const view = { orderId: 'o', status: 'NEW', total: 1 } as const;

beforeAll(async () => {
  url = await brokerUrl();
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await deleteTopology(url, prefix, params, ordersContract(), checkoutContract());
});

// amqp-tools is not a dependency of the suite's CI entry (.ci/run installs rabbitmq-server only).
describe.skipIf(!tools)('interoperability with amqp-tools', () => {
  it('events published by catwire, in either envelope mode, are consumed by amqp-consume', async () => {
    prefix = uniquePrefix();
    const queue = `${prefix}plain-subscriber`;
    const conn = await amqp.connect(url);
    const ch = await conn.createChannel();
    const bodies: unknown[] = [];
    for (const envelope of ['structured', 'binary'] as const) {
      const transport = await createRabbitTransport({ url, prefix, params, envelope, logger: captureLogger() });
      transports.push(transport);
      const orders = await startService(transport, ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
      await ch.assertQueue(queue, { durable: false, autoDelete: false });
      await ch.bindQueue(queue, `${prefix}orders.test.events`, 'order-placed.v1');
      await orders.producer.orderPlaced({ orderId: `ord-${envelope}`, total: 12.5 });
      bodies.push(JSON.parse(await run('/usr/bin/amqp-consume', ['-u', url, '-q', queue, '-c', '1', 'cat'])));
      await Promise.all(transports.splice(0).map((t) => t.close()));
    }
    // Structured: a CloudEvent in the JSON event format. Binary: the bare payload.
    expect(bodies[0]).toMatchObject({ specversion: '1.0', type: 'order-placed', source: 'orders', data: { orderId: 'ord-structured', total: 12.5 } });
    expect(bodies[1]).toEqual({ orderId: 'ord-binary', total: 12.5 });
    await ch.deleteQueue(queue);
    await conn.close();
  });

  it('a command published by amqp-publish with the documented headers is handled by catwire', async () => {
    prefix = uniquePrefix();
    const transport = await createRabbitTransport({ url, prefix, params, logger: captureLogger() });
    transports.push(transport);
    const handled: { payload: PlaceOrder; envelope: Envelope }[] = [];
    await startService(transport, ordersContract(), {
      handlers: { placeOrder: async (payload, ctx) => void handled.push({ payload, envelope: ctx.envelope }), getOrder: async () => view },
    });
    await run('/usr/bin/amqp-publish', [
      '-u', url,
      '-e', `${prefix}orders.commands`,
      '-r', 'place-order.v1',
      '-p',
      '-C', 'application/json',
      '-H', `${HEADERS.ceSpecVersion}: 1.0`,
      '-H', `${HEADERS.ceType}: place-order`,
      '-H', `${HEADERS.ceId}: legacy-42`,
      '-H', `${HEADERS.ceSource}: legacy-shop`,
      '-H', `${HEADERS.version}: 1.0.0`,
      '-H', `${HEADERS.correlationId}: flow-legacy`,
      '-b', JSON.stringify(aPlaceOrder('ord-legacy')),
    ]);
    await waitFor(() => handled.length === 1, 'the legacy command');
    expect(handled[0]?.payload).toEqual(aPlaceOrder('ord-legacy'));
    expect(handled[0]?.envelope).toMatchObject({ messageId: 'legacy-42', type: 'place-order', version: '1.0.0', source: 'legacy-shop', correlationId: 'flow-legacy' });
  });
});
