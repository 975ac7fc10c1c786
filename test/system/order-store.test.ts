/**
 * system/order-store on both backends: orders, items and their outbox event are written in one
 * transaction; commands are idempotent; Get Order answers exactly in the catalog's reply shape and
 * every outbox payload is valid against the catalog's event schema.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../system/outbox/index.js';
import {
  createOrderStore,
  InvalidOrderError,
  ORDER_EVENTS,
  OrderConflictError,
  type Order,
  type OrderStore,
} from '../../system/order-store/index.js';
import { testBackends, type TestDatabase } from './helpers/backends.js';
import { isEventType, schemaErrors, schemas } from './helpers/contracts.js';
import { cancelOrderCommand, completeOrderInput, createOrderCommand } from './helpers/orders.js';

const backends = testBackends();

describe.each(backends)('order store on $name', (backend) => {
  let t: TestDatabase;
  let store: OrderStore;
  let clock: number;
  let commits: number;
  const now = () => new Date(clock++ * 1000 + Date.UTC(2025, 2, 14, 9, 30));

  beforeEach(async () => {
    t = await backend.fresh();
    clock = 0;
    commits = 0;
    store = createOrderStore(t.db, { now, afterCommit: () => void commits++ });
  });
  afterEach(async () => {
    await t.dispose();
  });

  const count = async (table: 'orders' | 'order_items' | 'outbox') =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

  /** Every outbox payload must be a valid event of its type. */
  async function expectValidOutbox(): Promise<void> {
    for (const row of await listOutbox(t.db)) {
      expect(isEventType(row.type), row.type).toBe(true);
      if (isEventType(row.type)) expect(schemaErrors(schemas[row.type], row.payload), `${row.type} ${row.id}`).toBe('');
      // Each row carries the version its producer publishes (order-created moved to 2.0.0).
      expect(row.version).toBe(Object.values(ORDER_EVENTS).find((e) => e.type === row.type)?.version);
      expect(row.aggregateType).toBe('order');
    }
  }

  it('writes the order, its items and one order-created outbox row', async () => {
    const command = createOrderCommand();
    expect(schemaErrors(schemas.createOrder, command)).toBe('');
    const outcome = await store.createOrder(command, { correlationId: 'corr-1', causationId: 'msg-1' });
    expect(outcome.outcome).toBe('created');
    if (outcome.outcome !== 'created') return;

    expect(await count('orders')).toBe(1);
    expect(await count('order_items')).toBe(2);
    const outbox = await listOutbox(t.db);
    expect(outbox).toHaveLength(1);
    const [row] = outbox;
    expect(row).toMatchObject({
      id: outcome.messageId,
      type: 'order-created',
      aggregateId: command.orderId,
      metadata: { correlationId: 'corr-1', causationId: 'msg-1' },
      sentAt: null,
      attempts: 0,
    });
    expect(row?.payload).toEqual({
      orderId: command.orderId,
      checkoutId: command.checkoutId,
      customerId: command.customerId,
      items: command.items,
      total: command.total,
      // order-created 2.0.0: the command's shipping address is the event's delivery address, and
      // the line discounts (12.90 off the shoe, none on the socks) are summed.
      discountTotal: { amount: 1290, currency: 'EUR' },
      deliveryAddress: command.shippingAddress,
      createdAt: '2025-03-14T09:30:00.000Z',
    });
    await expectValidOutbox();
    expect(commits).toBe(1);

    const stored = await store.getStoredOrder(command.orderId);
    expect(stored).toMatchObject({
      checkoutId: command.checkoutId,
      cartId: command.cartId,
      reservationId: command.reservationId,
      paymentId: command.paymentId,
      authorizationId: command.authorizationId,
    });
  });

  it('leaves no order, no items and no outbox row when the transaction fails', async () => {
    // (1) the database refuses a line after the order row was written
    const badLine = createOrderCommand();
    const first = badLine.items[0];
    if (!first) throw new Error('fixture has lines');
    badLine.items = [{ ...first, quantity: 1000 }];
    await expect(store.createOrder(badLine)).rejects.toThrow(/order_items_quantity_check/);

    // (2) the event fails its check after order and items were written
    const rejecting = createOrderStore(t.db, {
      validateEvent: () => {
        throw new Error('payload refused');
      },
    });
    await expect(rejecting.createOrder(createOrderCommand())).rejects.toThrow('payload refused');

    // (3) the commit itself fails, after the outbox row was written: a deferred trigger on the outbox
    await t.db.exec(`
      CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'commit refused'; END $$;
      CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON outbox
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit();`);
    await expect(store.createOrder(createOrderCommand())).rejects.toThrow('commit refused');
    await expect(store.cancelOrder(cancelOrderCommand(createOrderCommand()))).rejects.toThrow('commit refused');

    expect(await count('orders')).toBe(0);
    expect(await count('order_items')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect(commits).toBe(0);
  });

  it('creates an order once when Create Order is delivered again, also concurrently', async () => {
    const command = createOrderCommand();
    const first = await store.createOrder(command);
    const again = await store.createOrder(command);
    expect(first.outcome).toBe('created');
    expect(again).toEqual({ outcome: 'duplicate', order: first.order });

    const racing = createOrderCommand();
    const handles = [t.db, ...(await Promise.all([1, 2, 3].map(() => t.connect())))];
    const outcomes = await Promise.all(handles.map((db) => createOrderStore(db).createOrder(racing)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['created', 'duplicate', 'duplicate', 'duplicate']);

    expect(await store.countOrders()).toBe(2);
    expect(await count('order_items')).toBe(4);
    expect((await listOutbox(t.db)).map((row) => row.aggregateId)).toEqual([command.orderId, racing.orderId]);
  });

  it('refuses a Create Order whose ids clash with a stored order, writing nothing', async () => {
    const command = createOrderCommand();
    await store.createOrder(command);
    await expect(store.createOrder({ ...command, orderId: randomUUID() })).rejects.toBeInstanceOf(OrderConflictError);
    await expect(store.createOrder({ ...command, checkoutId: randomUUID() })).rejects.toBeInstanceOf(OrderConflictError);
    await expect(
      store.createOrder(createOrderCommand({ items: [{ ...command.items[0]!, unitPrice: { amount: 100, currency: 'USD' } }] })),
    ).rejects.toBeInstanceOf(InvalidOrderError);
    expect(await store.countOrders()).toBe(1);
    expect(await count('outbox')).toBe(1);
  });

  it('answers Get Order in the shape of the catalog reply, for every state', async () => {
    const expectReply = async (orderId: string): Promise<Order | undefined> => {
      const reply = await store.getOrder(orderId);
      expect(schemaErrors(schemas.getOrderResponse, reply)).toBe('');
      return reply.result.status === 'found' ? reply.result.order : undefined;
    };

    const unknown = randomUUID();
    expect(await store.getOrder(unknown)).toEqual({ result: { status: 'not_found', orderId: unknown } });
    await expectReply(unknown);
    expect(await store.getOrder('not-a-uuid')).toEqual({ result: { status: 'not_found', orderId: 'not-a-uuid' } });

    const command = createOrderCommand({ shippingAddress: { ...createOrderCommand().shippingAddress, line2: '3rd floor' } });
    await store.createOrder(command);
    expect(await expectReply(command.orderId)).toEqual({
      orderId: command.orderId,
      customerId: command.customerId,
      status: 'created',
      items: command.items,
      total: command.total,
      shippingAddress: command.shippingAddress,
      createdAt: '2025-03-14T09:30:00.000Z',
      updatedAt: '2025-03-14T09:30:00.000Z',
    });

    await store.cancelOrder(cancelOrderCommand(command, 'customer_request'));
    expect(await expectReply(command.orderId)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'customer_request',
      createdAt: '2025-03-14T09:30:00.000Z',
      updatedAt: '2025-03-14T09:30:01.000Z',
    });

    const completed = createOrderCommand();
    await store.createOrder(completed);
    await store.completeOrder(completeOrderInput(completed.orderId));
    expect(await expectReply(completed.orderId)).toMatchObject({ status: 'completed', items: completed.items });

    const neverCreated = createOrderCommand();
    await store.cancelOrder(cancelOrderCommand(neverCreated, 'out_of_stock'));
    expect(await expectReply(neverCreated.orderId)).toEqual({
      orderId: neverCreated.orderId,
      customerId: neverCreated.customerId,
      status: 'cancelled',
      items: [],
      cancellationReason: 'out_of_stock',
      updatedAt: '2025-03-14T09:30:04.000Z', // the fifth tick of the clock
    });
  });

  it('cancels a created order once: Order Cancelled with previousStatus created, then no-ops', async () => {
    const command = createOrderCommand();
    await store.createOrder(command);
    const cancel = cancelOrderCommand(command, 'payment_declined');
    expect(schemaErrors(schemas.cancelOrder, cancel)).toBe('');

    const outcome = await store.cancelOrder(cancel);
    expect(outcome).toMatchObject({ outcome: 'cancelled', previousStatus: 'created', order: { status: 'cancelled' } });
    expect(await store.cancelOrder(cancel)).toMatchObject({ outcome: 'already_cancelled' });
    expect(await store.cancelOrder({ ...cancel, reason: 'customer_request' })).toMatchObject({ outcome: 'already_cancelled' });

    const events = await listOutbox(t.db, { aggregateId: command.orderId });
    expect(events.map((row) => row.type)).toEqual(['order-created', 'order-cancelled']);
    expect(events[1]?.payload).toEqual({
      orderId: command.orderId,
      checkoutId: command.checkoutId,
      customerId: command.customerId,
      reason: 'payment_declined',
      previousStatus: 'created',
      cancelledAt: '2025-03-14T09:30:01.000Z',
    });
    await expectValidOutbox();
    expect(commits).toBe(2);
    await expect(store.cancelOrder({ ...cancel, checkoutId: randomUUID() })).rejects.toBeInstanceOf(OrderConflictError);
  });

  it('stores a tombstone for a checkout that failed before its order, and refuses a late Create Order', async () => {
    const command = createOrderCommand();
    const outcome = await store.cancelOrder(cancelOrderCommand(command, 'fraud_suspected'));
    expect(outcome).toMatchObject({ outcome: 'cancelled', previousStatus: 'none' });
    expect(await store.cancelOrder(cancelOrderCommand(command, 'fraud_suspected'))).toMatchObject({ outcome: 'already_cancelled' });

    const late = await store.createOrder(command);
    expect(late).toMatchObject({ outcome: 'refused', reason: 'cancelled', order: { status: 'cancelled', items: [] } });
    expect(await count('order_items')).toBe(0);

    const events = await listOutbox(t.db);
    expect(events.map((row) => row.type)).toEqual(['order-cancelled']);
    expect(events[0]?.payload).toMatchObject({ previousStatus: 'none', reason: 'fraud_suspected', checkoutId: command.checkoutId });
    await expectValidOutbox();
  });

  it('completes a created order once, and keeps completed and cancelled orders apart', async () => {
    const command = createOrderCommand();
    await store.createOrder(command);
    const outcome = await store.completeOrder(completeOrderInput(command.orderId), { correlationId: 'c-9' });
    expect(outcome).toMatchObject({ outcome: 'completed', order: { status: 'completed' } });
    expect(await store.completeOrder(completeOrderInput(command.orderId))).toMatchObject({ outcome: 'already_completed' });
    expect(await store.cancelOrder(cancelOrderCommand(command))).toMatchObject({ outcome: 'refused', reason: 'completed' });

    const cancelled = createOrderCommand();
    await store.createOrder(cancelled);
    await store.cancelOrder(cancelOrderCommand(cancelled));
    expect(await store.completeOrder(completeOrderInput(cancelled.orderId))).toMatchObject({ outcome: 'refused', reason: 'cancelled' });

    const missing = randomUUID();
    expect(await store.completeOrder(completeOrderInput(missing))).toEqual({ outcome: 'not_found', orderId: missing });
    await expect(
      store.completeOrder({ orderId: command.orderId, fulfilment: { ...completeOrderInput(command.orderId).fulfilment, warehouseId: 'AMS' } }),
    ).rejects.toBeInstanceOf(InvalidOrderError);

    const completedEvents = await listOutbox(t.db, { type: 'order-completed' });
    expect(completedEvents).toHaveLength(1);
    expect(completedEvents[0]).toMatchObject({ metadata: { correlationId: 'c-9' } });
    expect(completedEvents[0]?.payload).toEqual({
      orderId: command.orderId,
      customerId: command.customerId,
      fulfilment: completeOrderInput(command.orderId).fulfilment,
      completedAt: '2025-03-14T09:30:01.000Z',
    });
    expect((await listOutbox(t.db)).map((row) => row.type)).toEqual([
      'order-created',
      'order-completed',
      'order-created',
      'order-cancelled',
    ]);
    await expectValidOutbox();
  });

  it('lists and counts orders', async () => {
    const customerId = randomUUID();
    const a = createOrderCommand({ customerId });
    const b = createOrderCommand({ customerId });
    const c = createOrderCommand();
    for (const command of [a, b, c]) await store.createOrder(command);
    await store.cancelOrder(cancelOrderCommand(b));

    expect(await store.countOrders()).toBe(3);
    expect(await store.countOrders({ status: 'cancelled' })).toBe(1);
    expect(await store.countOrders({ customerId })).toBe(2);
    expect((await store.listOrders()).map((o) => o.orderId)).toEqual([a.orderId, b.orderId, c.orderId]);
    expect((await store.listOrders({ customerId, status: 'created' })).map((o) => o.orderId)).toEqual([a.orderId]);
    expect(await store.listOrders({ limit: 1 })).toHaveLength(1);
    expect((await store.listOrders())[0]?.items).toEqual(a.items);
  });
});
