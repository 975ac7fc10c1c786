/**
 * 1,000 concurrent checkouts on RabbitMQ with the order database and the saga state on the
 * PostgreSQL server, against 600 shoes in stock: every order ends Created or Cancelled, none is
 * lost, none duplicated, and the inventory agrees with the orders (rows and events counted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettledCheckouts } from './helpers/settled-checkouts.js';
import { SHOE, startSystem, type SagaSystem } from './saga/helpers.js';
import { openRabbitSagaParts, type RabbitSagaParts } from './saga/rabbit-parts.js';
import { address, card, uuid } from './services/helpers.js';

const CHECKOUTS = 1_000;
const SHOES = 600;

describe('checkout saga under load on RabbitMQ and PostgreSQL', () => {
  let parts: RabbitSagaParts;
  let s: SagaSystem | undefined;

  beforeAll(async () => {
    parts = await openRabbitSagaParts();
  });
  afterAll(async () => {
    await s?.stop();
    await parts?.close();
  });

  it(`${CHECKOUTS} concurrent checkouts: every order Created or Cancelled, none lost or duplicated, inventory consistent`, async () => {
    s = await startSystem({ orderDb: parts.orderDb.db, transport: parts.transport, orchestrator: { db: parts.sagaDb.db }, shoes: SHOES });
    const sys = s;
    const send = sys.storefront.service.producer;
    // One shoe per cart, one customer per cart (no velocity rule links them).
    const carts = Array.from({ length: CHECKOUTS }, () => ({ cartId: uuid(), customerId: uuid() }));
    await Promise.all(carts.map((c) => send.sendAddItemToCart({ ...c, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 })));
    await expect.poll(() => carts.filter((c) => sys.cart.carts.cart(c.cartId)?.version === 1).length, { timeout: 30_000 }).toBe(CHECKOUTS);
    await Promise.all(carts.map((c) => send.sendCheckoutCart({ ...c, shippingAddress: address, paymentMethod: card() })));

    // Every saga finished.
    const sagaStatuses = async () =>
      (await parts.sagaDb.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM saga_instances GROUP BY status ORDER BY status')).rows;
    await expect
      .poll(async () => (await sagaStatuses()).filter((r) => r.status === 'completed' || r.status === 'cancelled').reduce((a, r) => a + r.n, 0), { timeout: 60_000, interval: 500 })
      .toBe(CHECKOUTS);
    const { sagas, created } = await expectSettledCheckouts({ orderDb: parts.orderDb.db, sagaDb: parts.sagaDb.db, carts, stock: SHOES, settleMs: 30_000 });
    const cancelled = CHECKOUTS - created;

    // Events: one outcome per order, none twice.
    const byOrder = (key: string) => sys.watcher.received.filter((e) => e.key === key).map((e) => (e.payload as { orderId: string }).orderId);
    await expect.poll(() => byOrder('orderCreated').length, { timeout: 30_000 }).toBe(created);
    await expect.poll(() => byOrder('orderCancelled').length, { timeout: 30_000 }).toBe(cancelled);
    const createdEvents = byOrder('orderCreated');
    const cancelledEvents = byOrder('orderCancelled');
    expect(new Set(createdEvents).size).toBe(created);
    expect(new Set(cancelledEvents).size).toBe(cancelled);
    expect(createdEvents.filter((id) => cancelledEvents.includes(id))).toEqual([]);
    // Inventory events carry the checkout id (the saga id).
    const byCheckout = (key: string) => sys.watcher.received.filter((e) => e.key === key).map((e) => (e.payload as { checkoutId?: string }).checkoutId);
    const reserved = byCheckout('inventoryReserved');
    const outOfStock = byCheckout('outOfStock');
    expect(new Set(reserved).size).toBe(reserved.length);
    expect(new Set(outOfStock).size).toBe(outOfStock.length);
    expect(reserved.length + outOfStock.length).toBe(CHECKOUTS);
    const reservedSet = new Set(reserved);
    expect(new Set([...reserved, ...outOfStock])).toEqual(new Set(sagas.map((r) => r.saga_id)));
    expect(sagas.filter((r) => r.status === 'completed').every((r) => reservedSet.has(r.saga_id))).toBe(true);

    // Inventory: exactly the created orders hold stock; every other reservation was released.
    await expect.poll(() => sys.inventory.inventory.levels(SHOE.sku), { timeout: 30_000 }).toEqual({ onHand: SHOES, reserved: created, available: SHOES - created });
    console.log(`load: ${created} created, ${cancelled} cancelled (${outOfStock.length} out of stock, ${reserved.length - created} released after reservation)`);
  }, 120_000);
});
