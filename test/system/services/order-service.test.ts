/**
 * Order Service on PGlite: create-order / cancel-order persist through the order store, their
 * events go out through the outbox relay with the row id as message id and the command's
 * correlation, get-order answers from the database, and stop() releases everything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutApiContract } from '../../../generated/services/checkout-api/index.js';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { notificationServiceContract } from '../../../generated/services/notification-service/index.js';
import { orderServiceContract } from '../../../generated/services/order-service/index.js';
import type { Transport } from '../../../runtime/index.js';
import { openDatabase, type Database } from '../../../system/db/index.js';
import { messageMeta, outboxRoute } from '../../../system/domain/order-service/index.js';
import { listOutbox } from '../../../system/outbox/index.js';
import { startOrderServiceProcess, type OrderServiceProcess } from '../../../system/services/index.js';
import { cancelOrderCommand, completeOrderInput, createOrderCommand } from '../helpers/orders.js';
import { listenerContract, logger, memoryTransport, recordingLogger, startProbe, uuid } from './helpers.js';

describe('Order Service glue (domain)', () => {
  it.each([
    { type: 'order-created', version: '2.0.0', method: 'publishOrderCreated' },
    { type: 'order-cancelled', version: '1.2.0', method: 'publishOrderCancelled' },
    { type: 'order-completed', version: '1.0.0', method: 'publishOrderCompleted' },
    // Rows of another major go to the same method with their version: the producer publishes a
    // bridged one (test/system/rabbit-outbox-upgrade.test.ts) and refuses any other.
    { type: 'order-created', version: '1.0.0', method: 'publishOrderCreated' },
    { type: 'order-created', version: '3.0.0', method: 'publishOrderCreated' },
    { type: 'OrderCreated', version: '1.0.0', method: undefined },
    { type: '__proto__', version: '1.0.0', method: undefined },
  ])('routes $type@$version to $method', ({ type, version, method }) => {
    const message = {
      id: uuid(),
      seq: 1,
      type,
      version,
      aggregateType: 'order',
      aggregateId: uuid(),
      payload: {},
      metadata: { correlationId: 'c-1', causationId: 'm-1' },
      createdAt: new Date(),
      attempts: 0,
    };
    if (method === undefined) {
      expect(() => outboxRoute(message)).toThrow(/does not publish/);
      return;
    }
    expect(outboxRoute(message)).toEqual({ method, options: { messageId: message.id, version, correlationId: 'c-1', causationId: 'm-1' } });
  });

  it('carries the correlation, the command id as causation and the trace of a handled command', () => {
    const envelope = {
      messageId: 'm-7',
      type: 'create-order',
      version: '1.0.0',
      timestamp: new Date(),
      correlationId: 'flow-1',
      causationId: 'm-6',
      source: 'checkout-orchestrator',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      mode: 'structured' as const,
      headers: {},
    };
    expect(messageMeta(envelope)).toEqual({ correlationId: 'flow-1', causationId: 'm-7', traceparent: envelope.traceparent });
  });
});

describe('Order Service (running, PGlite)', () => {
  let db: Database;
  let transport: Transport;
  let process: OrderServiceProcess | undefined;

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  async function start() {
    transport = memoryTransport();
    const log = recordingLogger();
    process = await startOrderServiceProcess(transport, { db, logger: log, relay: { pollIntervalMs: 50 } });
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    // The Notifications Service still pins order-created 1.0.0: it gets the downcast copy.
    const notifications = await startProbe(transport, notificationServiceContract);
    const { publishOrderCreated, publishOrderCancelled, publishOrderCompleted } = orderServiceContract.sends;
    const events = await startProbe(transport, listenerContract('order-events', { created: publishOrderCreated, cancelled: publishOrderCancelled, completed: publishOrderCompleted }));
    return { saga, notifications, events, store: process.store, log };
  }

  it('persists create-order once and publishes order-created from the outbox, continuing the saga flow', async () => {
    const { saga, notifications, events, store, log } = await start();
    const command = createOrderCommand();
    const commandId = uuid();
    await saga.service.producer.sendCreateOrder(command, { messageId: commandId, correlationId: command.checkoutId });
    await expect.poll(() => saga.all('orderCreated')).toHaveLength(1);
    const [created] = saga.all('orderCreated');
    expect(created?.payload).toMatchObject({ orderId: command.orderId, checkoutId: command.checkoutId, total: command.total, items: command.items });
    const [row] = await listOutbox(db, { aggregateId: command.orderId });
    expect(created?.envelope).toMatchObject({ messageId: row?.id, correlationId: command.checkoutId, causationId: commandId, source: 'order-service' });
    expect(created?.payload).toMatchObject({ deliveryAddress: command.shippingAddress, discountTotal: { amount: 1290, currency: 'EUR' } });
    await expect.poll(() => notifications.all('orderCreated')).toHaveLength(1);
    const [downcast] = notifications.all('orderCreated');
    expect(downcast?.envelope).toMatchObject({ version: '1.0.0', messageId: `${row?.id}.v1`, correlationId: command.checkoutId, causationId: commandId });
    const { discountTotal: _dropped, deliveryAddress, ...unchanged } = created?.payload as unknown as Record<string, unknown>;
    expect(downcast?.payload).toEqual({ ...unchanged, shippingAddress: deliveryAddress });
    await expect.poll(async () => (await listOutbox(db, { aggregateId: command.orderId, unsentOnly: true })).length).toBe(0);

    // A redelivered create-order writes nothing and publishes nothing.
    await saga.service.producer.sendCreateOrder(command);
    await expect.poll(() => log.find('command-duplicate', { orderId: command.orderId })).toHaveLength(1);
    expect(await store.countOrders({ customerId: command.customerId })).toBe(1);
    await (process as OrderServiceProcess).relay.runOnce();
    expect(await listOutbox(db, { aggregateId: command.orderId })).toHaveLength(1);
    expect(events.of('created').filter((e) => e.orderId === command.orderId)).toHaveLength(1);

    const checkoutApi = await startProbe(transport, checkoutApiContract);
    const found = await checkoutApi.service.producer.requestGetOrder({ orderId: command.orderId });
    expect(found.result).toMatchObject({ status: 'found', order: { orderId: command.orderId, status: 'created', total: command.total } });
    const missing = uuid();
    expect(await checkoutApi.service.producer.requestGetOrder({ orderId: missing })).toEqual({ result: { status: 'not_found', orderId: missing } });
  });

  it('cancel-order before create-order leaves a tombstone (order-cancelled, previousStatus none) that refuses the late create-order', async () => {
    const { saga, events, store, log } = await start();
    const command = createOrderCommand();
    await saga.service.producer.sendCancelOrder(cancelOrderCommand(command, 'payment_declined'));
    await expect.poll(() => events.of('cancelled').filter((e) => e.orderId === command.orderId)).toHaveLength(1);
    expect(events.of('cancelled').find((e) => e.orderId === command.orderId)).toMatchObject({ reason: 'payment_declined', previousStatus: 'none' });

    await saga.service.producer.sendCreateOrder(command);
    await saga.service.producer.sendCancelOrder(cancelOrderCommand(command, 'payment_declined')); // redelivered: no second event
    await expect.poll(() => log.find('command-refused', { orderId: command.orderId })).toHaveLength(1);
    await expect.poll(() => log.find('command-duplicate', { orderId: command.orderId })).toHaveLength(1);
    expect((await store.getStoredOrder(command.orderId))?.status).toBe('cancelled');
    await (process as OrderServiceProcess).relay.runOnce();
    expect((await listOutbox(db, { aggregateId: command.orderId })).map((r) => r.type)).toEqual(['order-cancelled']);
    expect(saga.of('orderCreated').filter((e) => e.orderId === command.orderId)).toEqual([]);
  });

  it('cancels a created order and completes another through the fulfilment hook', async () => {
    const { saga, events } = await start();
    const cancelled = createOrderCommand();
    const completed = createOrderCommand();
    await saga.service.producer.sendCreateOrder(cancelled);
    await saga.service.producer.sendCreateOrder(completed);
    await expect.poll(() => saga.of('orderCreated').filter((e) => [cancelled.orderId, completed.orderId].includes(e.orderId))).toHaveLength(2);
    await saga.service.producer.sendCancelOrder(cancelOrderCommand(cancelled, 'customer_request'));
    const outcome = await (process as OrderServiceProcess).completeOrder(completeOrderInput(completed.orderId));
    expect(outcome.outcome).toBe('completed');
    await expect.poll(() => events.of('cancelled').filter((e) => e.orderId === cancelled.orderId)).toEqual([
      expect.objectContaining({ previousStatus: 'created', reason: 'customer_request' }),
    ]);
    await expect.poll(() => events.of('completed').filter((e) => e.orderId === completed.orderId)).toHaveLength(1);
  });

  it('opens, migrates and closes a database of its own; a second instance runs beside it on its own deps', async () => {
    transport = memoryTransport();
    const own = await startOrderServiceProcess(transport, { logger, database: { dataDir: 'memory://' } });
    expect(own.db.target).toBe('pglite:memory');
    expect(await own.store.countOrders()).toBe(0);
    // Handlers get their store as ctx.deps, not from a per-process slot: two instances (competing
    // consumers of one queue) can share a process, each on its own database.
    const second = await startOrderServiceProcess(transport, { db, logger });
    expect(second.store).not.toBe(own.store);
    await second.stop();
    await own.stop();
    await expect(own.db.query('SELECT 1')).rejects.toThrow();
    process = await startOrderServiceProcess(transport, { db, logger });
  });
});
