/**
 * The Checkout Orchestrator's saga across every service process (in-memory transport, PGlite):
 * the happy path, each failure path with its compensation, timeouts through the sweeper with an
 * injected clock, a restart mid-saga on a PGlite data directory, and redelivered events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../system/db/index.js';
import { stableId } from '../../../system/domain/shared/index.js';
import { startCheckoutOrchestratorProcess, type CheckoutOrchestratorProcess } from '../../../system/services/index.js';
import { fixedClock, logger, memoryTransport } from '../services/helpers.js';
import { checkOut, SHOE, SOCK, startSystem, sweepPastAuthorization, type SagaSystem } from './helpers.js';

describe('checkout saga (Checkout Orchestrator with every service)', () => {
  let orderDb: Database;
  let s: SagaSystem | undefined;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    orderDb = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await orderDb.close();
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  const orderRow = (orderId: string) => s?.orderService.store.getStoredOrder(orderId);
  const sagaOf = (checkoutId: string) => (s as SagaSystem).orchestrator.saga.get(checkoutId);

  it('happy path: reserve → screen → authorize → create; the order exists and the saga is completed', async () => {
    s = await startSystem({ orderDb });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status).toBe('completed');

    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({
      completedSteps: ['reserve_inventory', 'payment_initiated', 'authorize_payment', 'create_order'],
      failureReason: null,
      deadlineAt: null,
      pending: [],
    });
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('created');
    const order = await orderRow(checkout.orderId);
    expect(order).toMatchObject({ orderId: checkout.orderId, checkoutId: checkout.checkoutId, reservationId: saga?.data.reservationId, paymentId: saga?.data.paymentId });
    expect(s.inventory.inventory.reservation(saga?.data.reservationId ?? '')?.status).toBe('held');
    expect(s.inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    expect(s.payments.payments.payment(saga?.data.paymentId ?? '')?.status).toBe('authorized');
    expect((await s.checkoutApi.checkoutStatus(checkout.checkoutId))?.result).toMatchObject({ status: 'found', order: { status: 'created' } });
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId)).toEqual([
      'inventoryReserved',
      'paymentInitiated',
      'fraudCheckCompleted',
      'paymentAuthorized',
      'orderCreated',
    ]);
    // Every reply the saga got carries the checkout's correlation id.
    for (const e of s.watcher.received) expect(e.envelope.correlationId).toBe(checkout.checkoutId);

    // After completion: staff confirm, the saga captures the confirmed total.
    await s.storefront.service.producer.sendConfirmOrder({ orderId: checkout.orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' });
    await expect.poll(() => s?.payments.payments.payment(saga?.data.paymentId ?? '')?.status).toBe('captured');
    expect((await sagaOf(checkout.checkoutId))?.status).toBe('completed');
  });

  it('out of stock: nothing to undo, the checkout ends with a cancelled order', async () => {
    s = await startSystem({ orderDb, shoes: 0 });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status).toBe('cancelled');
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ failureReason: 'out_of_stock', completedSteps: [] });
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId)).toEqual(['outOfStock', 'orderCancelled']);
    expect(s.watcher.of('orderCancelled')[0]).toMatchObject({ orderId: checkout.orderId, reason: 'out_of_stock' });
    expect(s.inventory.inventory.levels(SOCK.sku)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  });

  it('payment declined: the reservation is released and the order cancelled', async () => {
    s = await startSystem({ orderDb, balances: { tok_low_balance_99: 10_000 } });
    const checkout = await checkOut(s, 'tok_low_balance_99');
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status).toBe('cancelled');
    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({ failureReason: 'payment_declined', completedSteps: ['reserve_inventory', 'payment_initiated'] });
    await expect.poll(() => s?.inventory.inventory.reservation(saga?.data.reservationId ?? '')?.status).toBe('released');
    expect(s.inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(s.payments.payments.payment(saga?.data.paymentId ?? '')?.status).toBe('declined');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId)).toEqual([
      'inventoryReserved',
      'paymentInitiated',
      'fraudCheckCompleted',
      'paymentDeclined',
      'orderCancelled',
    ]);
    expect(s.watcher.of('orderCancelled')[0]).toMatchObject({ reason: 'payment_declined' });
    expect(s.watcher.of('paymentAuthorized')).toEqual([]);
  });

  it('fraud: a blocklisted card is declined by screening; stock released, nothing authorized, order cancelled', async () => {
    s = await startSystem({ orderDb, fraud: { blocklistedTokens: ['tok_stolen_card'] } });
    const checkout = await checkOut(s, 'tok_stolen_card');
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status).toBe('cancelled');
    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({ failureReason: 'fraud_suspected', completedSteps: ['reserve_inventory'] });
    await expect.poll(() => s?.watcher.of('fraudCheckCompleted')[0]).toMatchObject({ decision: 'declined', reasons: ['blocklisted_instrument'] });
    await expect.poll(() => s?.inventory.inventory.levels(SHOE.sku).available).toBe(10);
    expect(s.inventory.inventory.reservation(saga?.data.reservationId ?? '')?.status).toBe('released');
    expect(s.payments.payments.payment(saga?.data.paymentId ?? '')?.status).toBe('pending');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId)).toEqual(['inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'orderCancelled']);
    expect(s.watcher.of('orderCancelled')[0]).toMatchObject({ reason: 'fraud_suspected' });
  });

  it('timeout: authorization never answers; the sweeper voids the payment, releases stock and cancels the order', async () => {
    const clock = fixedClock();
    s = await startSystem({ orderDb, paymentDown: true, orchestrator: { now: clock } });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.step).toBe('authorize_payment');
    await sweepPastAuthorization(s, clock, checkout.checkoutId);

    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({ status: 'cancelled', failureReason: 'checkout_timed_out', pending: [] });
    await expect.poll(() => s?.inventory.inventory.levels(SHOE.sku).available).toBe(10);
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('cancelled');
    await expect.poll(() => s?.watcher.of('orderCancelled')[0]).toMatchObject({ reason: 'checkout_timed_out' });

    // Payment comes back: it works through its queue (intent, authorization, then the void) and ends voided; the saga ignores the late reply.
    await s.startPayments();
    await expect.poll(() => s?.payments.payments.payment(saga?.data.paymentId ?? '')?.status).toBe('voided');
    await expect.poll(() => s?.sagaLog.find('event-ignored').length).toBeGreaterThan(0);
    expect((await sagaOf(checkout.checkoutId))?.status).toBe('cancelled');
    expect(await s.orderService.store.countOrders()).toBeGreaterThan(0);
    expect((await orderRow(checkout.orderId))?.status).toBe('cancelled');
  });

  it('timeout of the reservation step: the (maybe late) reservation is released with a tombstone', async () => {
    const clock = fixedClock();
    s = await startSystem({ orderDb, orchestrator: { now: clock } });
    await s.inventory.stop();
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.step).toBe('reserve_inventory');
    clock.advance(30_001);
    expect(await s.orchestrator.sweeper.runOnce()).toEqual([checkout.checkoutId]);
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ status: 'cancelled', failureReason: 'checkout_timed_out', completedSteps: [] });
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('cancelled');
  });

  it('restart mid-saga: a new process on the same data directory finishes the saga; exactly one order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catwire-saga-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const transport = memoryTransport();
    cleanup.push(() => transport.close());
    s = await startSystem({ orderDb, transport, paymentDown: true, orchestrator: { database: { dataDir: dir } } });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.step).toBe('authorize_payment');
    await s.orchestrator.stop();
    await s.orchestrator.stop(); // idempotent

    const second: CheckoutOrchestratorProcess = await startCheckoutOrchestratorProcess(transport, { logger, sweepMs: 0, database: { dataDir: dir } });
    cleanup.push(() => second.stop());
    expect(second.resumed).toEqual([checkout.checkoutId]);
    await s.startPayments();
    await expect.poll(async () => (await second.saga.get(checkout.checkoutId))?.status).toBe('completed');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status).toBe('created');
    expect((await s.orderService.store.listOrders({})).filter((o) => o.checkoutId === checkout.checkoutId)).toHaveLength(1);
    await expect.poll(() => s?.watcher.of('orderCreated').filter((o) => o.checkoutId === checkout.checkoutId).length).toBe(1);
    expect(s.payments.payments.payment(stableId('checkout-payment', checkout.checkoutId))?.status).toBe('authorized');
  });

  it('redelivered and duplicated events change nothing', async () => {
    s = await startSystem({ orderDb });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status).toBe('completed');
    const before = await sagaOf(checkout.checkoutId);

    // The watcher has its own queue: it may see the flow's last events after the saga completed.
    const seen = (w: NonNullable<typeof s>['watcher']) => w.all('inventoryReserved').length > 0 && w.all('paymentAuthorized').length > 0 && w.all('orderCreated').length > 0;
    await expect.poll(() => s !== undefined && seen(s.watcher)).toBe(true);
    // The same events again, under their message ids, through the services' own producers.
    const reserved = s.watcher.all('inventoryReserved')[0];
    const authorized = s.watcher.all('paymentAuthorized')[0];
    const created = s.watcher.all('orderCreated')[0];
    if (!reserved || !authorized || !created) throw new Error('events missing');
    await s.inventory.service.producer.publishInventoryReserved(reserved.payload, { messageId: reserved.envelope.messageId, correlationId: checkout.checkoutId });
    await s.payments.service.producer.publishPaymentAuthorized(authorized.payload, { messageId: authorized.envelope.messageId, correlationId: checkout.checkoutId });
    await s.orderService.service.producer.publishOrderCreated(created.payload, { messageId: created.envelope.messageId, correlationId: checkout.checkoutId });
    await expect.poll(() => s?.sagaLog.find('event-ignored').length).toBe(3);

    expect(await sagaOf(checkout.checkoutId)).toEqual(before);
    expect(s.inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    await expect.poll(() => s?.watcher.of('orderCreated').filter((o) => o.checkoutId === checkout.checkoutId).length).toBe(2); // the original and our copy
    expect((await s.orderService.store.listOrders({})).filter((o) => o.checkoutId === checkout.checkoutId)).toHaveLength(1);
  });
});
