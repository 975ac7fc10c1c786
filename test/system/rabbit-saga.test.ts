/**
 * The checkout saga on the real parts: every service on RabbitMQ (its own name prefix), the
 * order database and the saga's state on the PostgreSQL server (their own schemas). The happy
 * path and every failure path with its compensation (declined, out of stock, fraud, timeout),
 * asserted on database rows and events. Nothing waits for a fixed time: every outcome is polled.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkOut, SHOE, startSystem, sweepPastAuthorization, type SagaSystem } from './saga/helpers.js';
import { openRabbitSagaParts, type RabbitSagaParts } from './saga/rabbit-parts.js';
import { fixedClock } from './services/helpers.js';

describe('checkout saga on RabbitMQ and PostgreSQL', () => {
  let parts: RabbitSagaParts;
  let s: SagaSystem | undefined;

  beforeAll(async () => {
    parts = await openRabbitSagaParts();
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });
  afterAll(async () => {
    await parts?.close();
  });

  const start = () => startSystem({ orderDb: parts.orderDb.db, transport: parts.transport, orchestrator: { db: parts.sagaDb.db } });
  const sagaOf = (checkoutId: string) => (s as SagaSystem).orchestrator.saga.get(checkoutId);
  const orderRow = (orderId: string) => s?.orderService.store.getStoredOrder(orderId);

  /** A checkout cancelled after screening: its stock released, its order cancelled for `reason`, the flow's events in order. */
  const expectUndoneAfterScreening = async (checkout: { checkoutId: string; orderId: string }, saga: Awaited<ReturnType<typeof sagaOf>>, reason: string) => {
    await expect.poll(() => s?.inventory.inventory.levels(SHOE.sku).available, { timeout: 30_000 }).toBe(10);
    expect(s?.inventory.inventory.reservation(saga?.data.reservationId ?? '')?.status).toBe('released');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(await orderRow(checkout.orderId)).toMatchObject({ cancellationReason: reason });
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'orderCancelled',
    ]);
  };

  it('completes a checkout: the order row on the server, the saga completed, the flow events in order', async () => {
    s = await start();
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('completed');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('created');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'paymentAuthorized', 'orderCreated',
    ]);
    expect(s.inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
  });

  it('compensates a declined payment: stock released, order cancelled', async () => {
    s = await start();
    const checkout = await checkOut(s, 'tok_test_insufficient_funds');
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ failureReason: 'payment_declined' });
    await expect.poll(() => s?.inventory.inventory.levels(SHOE.sku).available, { timeout: 30_000 }).toBe(10);
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'paymentDeclined', 'orderCancelled',
    ]);
  });

  it('cancels an order that cannot be reserved, with nothing to compensate', async () => {
    s = await startSystem({ orderDb: parts.orderDb.db, transport: parts.transport, orchestrator: { db: parts.sagaDb.db }, shoes: 0 });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ failureReason: 'out_of_stock', completedSteps: [] });
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual(['outOfStock', 'orderCancelled']);
  });

  it('cancels a checkout whose card is blocklisted: declined by screening, stock released, nothing authorized', async () => {
    s = await startSystem({ orderDb: parts.orderDb.db, transport: parts.transport, orchestrator: { db: parts.sagaDb.db }, fraud: { blocklistedTokens: ['tok_stolen_card'] } });
    const checkout = await checkOut(s, 'tok_stolen_card');
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('cancelled');
    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({ failureReason: 'fraud_suspected', completedSteps: ['reserve_inventory'], pending: [] });
    await expect.poll(() => s?.watcher.of('fraudCheckCompleted')[0], { timeout: 30_000 }).toMatchObject({ decision: 'declined', reasons: ['blocklisted_instrument'] });
    await expectUndoneAfterScreening(checkout, saga, 'fraud_suspected');
    expect(s.watcher.of('orderCancelled')[0]).toMatchObject({ reason: 'fraud_suspected' });
    // Payment prepared the intent from PaymentInitiated (in parallel with screening) and was never asked to authorize it.
    await expect.poll(() => s?.payments.payments.payment(saga?.data.paymentId ?? '')?.status, { timeout: 30_000 }).toBe('pending');
    expect(s.watcher.of('paymentAuthorized')).toEqual([]);
  });

  it('times out an authorization that never answers: the sweeper voids the payment, releases stock, cancels the order', async () => {
    const clock = fixedClock();
    s = await startSystem({ orderDb: parts.orderDb.db, transport: parts.transport, orchestrator: { db: parts.sagaDb.db, now: clock }, paymentDown: true });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.step, { timeout: 30_000 }).toBe('authorize_payment');
    await sweepPastAuthorization(s, clock, checkout.checkoutId);
    const saga = await sagaOf(checkout.checkoutId);
    expect(saga).toMatchObject({ status: 'cancelled', failureReason: 'checkout_timed_out', completedSteps: ['reserve_inventory', 'payment_initiated'], pending: [] });

    await expectUndoneAfterScreening(checkout, saga, 'checkout_timed_out');

    // Payment comes back and works through its queue in order: the intent, the late authorization
    // (its reply is ignored by the cancelled saga), then the void: the payment ends voided.
    await s.startPayments();
    await expect.poll(() => s?.payments.payments.payment(saga?.data.paymentId ?? '')?.status, { timeout: 30_000 }).toBe('voided');
    await expect.poll(() => s?.sagaLog.find('event-ignored').length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'orderCancelled', 'paymentAuthorized',
    ]);
    expect((await sagaOf(checkout.checkoutId))?.status).toBe('cancelled');
    expect((await orderRow(checkout.orderId))?.status).toBe('cancelled');
  });
});
