/**
 * Inventory Service: the domain (stock levels, all-or-nothing reservations, release, expiry, the
 * order lifecycle of a reservation) and the running service driven by the orchestrator's
 * generated producer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { inventoryServiceContract } from '../../../generated/services/inventory-service/index.js';
import { notificationServiceContract } from '../../../generated/services/notification-service/index.js';
import { ordersServiceContract } from '../../../generated/services/orders-service/index.js';
import type { ReserveInventory } from '../../../generated/types/reserve-inventory.js';
import type { Transport } from '../../../runtime/index.js';
import { Inventory } from '../../../system/domain/inventory-service/index.js';
import { startInventoryServiceProcess, type InventoryServiceProcess } from '../../../system/services/index.js';
import { fixedClock, logger, memoryTransport, schemaErrors, startProbe, uuid } from './helpers.js';

const SHOE = { productId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', sku: 'SHOE-TR-42' };
const SOCK = { productId: '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', sku: 'SOCK-MER-M' };
const schemas = Object.fromEntries(Object.values(inventoryServiceContract.sends).map((m) => [m.id, m.schema]));

function reserveCommand(items: { productId: string; sku: string; quantity: number }[], overrides: Partial<ReserveInventory> = {}): ReserveInventory {
  return { reservationId: uuid(), checkoutId: uuid(), orderId: uuid(), items, shippingCountry: 'NL', ...overrides };
}

function inventory(stock: { shoe?: number; sock?: number } = {}, clock = fixedClock()) {
  return new Inventory({
    stock: [
      { ...SHOE, onHand: stock.shoe ?? 5 },
      { ...SOCK, onHand: stock.sock ?? 10 },
    ],
    countryWarehouses: { GB: 'WH-LON1' },
    now: clock,
  });
}

describe('Inventory (domain)', () => {
  it.each([
    { name: 'every line available', shoe: 2, sock: 3, outcome: 'reserved', levels: { shoe: 3, sock: 7 }, short: [] },
    { name: 'exactly the stock', shoe: 5, sock: 10, outcome: 'reserved', levels: { shoe: 0, sock: 0 }, short: [] },
    { name: 'one line short: nothing reserved', shoe: 6, sock: 1, outcome: 'out_of_stock', levels: { shoe: 5, sock: 10 }, short: [SHOE.sku] },
    { name: 'both lines short', shoe: 9, sock: 11, outcome: 'out_of_stock', levels: { shoe: 5, sock: 10 }, short: [SHOE.sku, SOCK.sku] },
  ])('reserve-inventory, $name → $outcome', ({ shoe, sock, outcome, levels, short }) => {
    const inv = inventory();
    const command = reserveCommand([
      { ...SHOE, quantity: shoe },
      { ...SOCK, quantity: sock },
    ]);
    const result = inv.reserve(command);
    expect(result.outcome).toBe(outcome);
    expect(inv.levels(SHOE.sku).available).toBe(levels.shoe);
    expect(inv.levels(SOCK.sku).available).toBe(levels.sock);
    if (result.outcome === 'out_of_stock') {
      expect(result.outOfStock.payload).toMatchObject({ checkoutId: command.checkoutId, reservationId: command.reservationId, warehouseId: 'WH-MAIN' });
      expect(result.outOfStock.payload.items.map((i) => i.sku)).toEqual(short);
      expect(schemaErrors(schemas['OutOfStock'], result.outOfStock)).toEqual([]);
    }
    if (result.outcome === 'reserved') {
      expect(result.reserved.payload).toMatchObject({ reservationId: command.reservationId, checkoutId: command.checkoutId, orderId: command.orderId });
      expect(result.adjustments.map((a) => [a.payload.sku, a.payload.adjustment])).toEqual([
        [SHOE.sku, { reason: 'reserved', quantityChange: -shoe }],
        [SOCK.sku, { reason: 'reserved', quantityChange: -sock }],
      ]);
      expect(schemaErrors(schemas['inventory-reserved'], result.reserved)).toEqual([]);
      expect(schemaErrors(schemas['InventoryAdjusted'], ...result.adjustments)).toEqual([]);
    }
  });

  it('merges lines of one SKU, holds stock until expiresAt (default 900 s, or holdForSeconds) and picks the warehouse by country', () => {
    const clock = fixedClock('2025-03-01T10:00:00.000Z');
    const inv = new Inventory({ stock: [{ ...SHOE, onHand: 5, warehouseId: 'WH-LON1' }, { ...SHOE, onHand: 5 }], countryWarehouses: { GB: 'WH-LON1' }, now: clock });
    const gb = inv.reserve(reserveCommand([{ ...SHOE, quantity: 1 }, { ...SHOE, quantity: 2 }], { shippingCountry: 'GB', holdForSeconds: 60 }));
    const nl = inv.reserve(reserveCommand([{ ...SHOE, quantity: 1 }]));
    expect(gb.outcome === 'reserved' && gb.reserved.payload).toMatchObject({
      warehouseId: 'WH-LON1',
      items: [{ ...SHOE, quantity: 3 }],
      expiresAt: '2025-03-01T10:01:00.000Z',
    });
    expect(nl.outcome === 'reserved' && nl.reserved.payload).toMatchObject({ warehouseId: 'WH-MAIN', expiresAt: '2025-03-01T10:15:00.000Z' });
    expect(inv.levels(SHOE.sku, 'WH-LON1')).toEqual({ onHand: 5, reserved: 3, available: 2 });
    expect(inv.levels(SHOE.sku, 'WH-MAIN')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(inv.registerCustomer({ userId: uuid(), email: 'a@b.nl', displayName: 'A', countryCode: 'GB', signUpMethod: 'email', signedUpAt: '2025-01-01T00:00:00Z' })).toBe('WH-LON1');
  });

  it('a repeated reserve-inventory reserves nothing more and yields the same events under the same message ids', () => {
    const inv = inventory();
    const command = reserveCommand([{ ...SHOE, quantity: 2 }]);
    const first = inv.reserve(command);
    const again = inv.reserve({ ...command });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(inv.levels(SHOE.sku)).toEqual({ onHand: 5, reserved: 2, available: 3 });

    const short = reserveCommand([{ ...SHOE, quantity: 99 }]);
    const shortFirst = inv.reserve(short);
    expect(inv.reserve(short)).toEqual({ ...shortFirst, duplicate: true });
  });

  it('release-inventory gives the stock back once; unknown reservations leave a tombstone that refuses a late reserve', () => {
    const inv = inventory();
    const command = reserveCommand([{ ...SHOE, quantity: 2 }, { ...SOCK, quantity: 1 }]);
    inv.reserve(command);
    const release = { reservationId: command.reservationId, checkoutId: command.checkoutId, orderId: command.orderId, reason: 'payment_declined' as const };
    const released = inv.release(release);
    expect(released.outcome === 'released' && released.adjustments.map((a) => [a.payload.sku, a.payload.adjustment.quantityChange, a.payload.levels])).toEqual([
      [SHOE.sku, 2, { onHand: 5, reserved: 0, available: 5 }],
      [SOCK.sku, 1, { onHand: 10, reserved: 0, available: 10 }],
    ]);
    expect(inv.release(release)).toEqual({ ...released, duplicate: true });
    expect(inv.levels(SHOE.sku).available).toBe(5);
    // The reservation is closed: a redelivered reserve-inventory does not hold stock again.
    expect(inv.reserve(command)).toEqual({ outcome: 'closed', status: 'released' });

    const late = reserveCommand([{ ...SHOE, quantity: 1 }]);
    expect(inv.release({ reservationId: late.reservationId, checkoutId: late.checkoutId, orderId: late.orderId, reason: 'checkout_timed_out' })).toEqual({
      outcome: 'nothing_held',
      status: 'unknown',
    });
    expect(inv.reserve(late)).toEqual({ outcome: 'closed', status: 'released' });
    expect(inv.levels(SHOE.sku).available).toBe(5);
  });

  it('refuses a reservation id reused by another checkout', () => {
    const inv = inventory();
    const command = reserveCommand([{ ...SHOE, quantity: 1 }]);
    inv.reserve(command);
    expect(() => inv.reserve({ ...command, checkoutId: uuid() })).toThrow(/belongs to checkout/);
  });

  it('releases held reservations once they expire', () => {
    const clock = fixedClock();
    const inv = inventory({}, clock);
    const command = reserveCommand([{ ...SHOE, quantity: 4 }], { holdForSeconds: 60 });
    inv.reserve(command);
    clock.advance(59_000);
    expect(inv.expireReservations()).toEqual([]);
    clock.advance(1_000);
    const [expired] = inv.expireReservations();
    expect(expired?.reservationId).toBe(command.reservationId);
    expect(expired?.adjustments.map((a) => a.payload.adjustment)).toEqual([{ reason: 'released', quantityChange: 4 }]);
    expect(inv.levels(SHOE.sku).available).toBe(5);
    expect(inv.reservation(command.reservationId)?.status).toBe('expired');
  });

  it('follows the order: OrderAmended shrinks the reservation, OrderConfirmed allocates it, order-completed ships it', () => {
    const inv = inventory();
    const command = reserveCommand([{ ...SHOE, quantity: 2 }, { ...SOCK, quantity: 3 }]);
    inv.reserve(command);
    const line = (p: typeof SHOE, quantity: number) => ({ ...p, name: p.sku, quantity, unitPrice: { amount: 1000, currency: 'EUR' } });
    const amended = {
      orderId: command.orderId,
      customerId: uuid(),
      revision: 2,
      changes: [{ field: 'items' as const, description: 'fewer socks' }],
      items: [line(SHOE, 2), line(SOCK, 1)],
      total: { amount: 3000, currency: 'EUR' },
      amendedBy: 'customer' as const,
      amendedAt: '2025-03-01T10:05:00Z',
    };
    const shrink = inv.amend(amended);
    expect(shrink.outcome === 'applied' && shrink.adjustments.map((a) => [a.payload.sku, a.payload.adjustment])).toEqual([
      [SOCK.sku, { reason: 'released', quantityChange: 2 }],
    ]);
    expect(inv.amend(amended)).toEqual({ ...shrink, duplicate: true });
    expect(inv.levels(SOCK.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });

    const confirmed = {
      orderId: command.orderId,
      customerId: amended.customerId,
      items: [line(SHOE, 1), line(SOCK, 1)],
      total: { amount: 2000, currency: 'EUR' },
      fulfilmentWarehouseId: 'WH-MAIN',
      confirmedBy: 'staff-anna',
      confirmedAt: '2025-03-01T11:00:00Z',
    };
    const allocated = inv.allocate(confirmed);
    expect(allocated.outcome === 'applied' && allocated.adjustments.map((a) => [a.payload.sku, a.payload.adjustment, a.payload.reference])).toEqual([
      [SHOE.sku, { reason: 'allocated', quantityChange: 1 }, { type: 'order', id: command.orderId }],
      [SOCK.sku, { reason: 'allocated', quantityChange: 0 }, { type: 'order', id: command.orderId }],
    ]);
    expect(inv.reservation(command.reservationId)).toMatchObject({ status: 'allocated', fulfilmentWarehouseId: 'WH-MAIN' });
    // Allocated stock is not released by a late compensation.
    expect(inv.release({ reservationId: command.reservationId, checkoutId: command.checkoutId, orderId: command.orderId, reason: 'customer_request' })).toEqual({
      outcome: 'nothing_held',
      status: 'allocated',
    });

    const shipped = inv.ship({
      orderId: command.orderId,
      customerId: amended.customerId,
      fulfilment: { warehouseId: 'WH-MAIN', carrier: 'dhl', shippedAt: '2025-03-02T08:00:00Z', deliveredAt: '2025-03-03T12:00:00Z' },
      completedAt: '2025-03-03T12:00:00Z',
    });
    expect(shipped.outcome).toBe('applied');
    expect(inv.levels(SHOE.sku)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(inv.levels(SOCK.sku)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    expect(schemaErrors(schemas['InventoryAdjusted'], ...(shipped.outcome === 'applied' ? shipped.adjustments : []))).toEqual([]);
    expect(inv.allocate(confirmed)).toEqual({ outcome: 'ignored', reason: expect.stringMatching(/shipped/) });
  });

  it('books deliveries once per delivery id', () => {
    const inv = inventory({ shoe: 0 });
    const first = inv.receiveDelivery({ deliveryId: 'DEL-1', lines: [{ ...SHOE, quantity: 12 }] });
    expect(inv.receiveDelivery({ deliveryId: 'DEL-1', lines: [{ ...SHOE, quantity: 12 }] })).toBe(first);
    expect(first.map((a) => [a.payload.adjustment, a.payload.levels])).toEqual([[{ reason: 'restocked', quantityChange: 12 }, { onHand: 12, reserved: 0, available: 12 }]]);
  });
});

describe('Inventory Service (running)', () => {
  let transport: Transport;
  let process: InventoryServiceProcess | undefined;
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  async function start() {
    transport = memoryTransport();
    process = await startInventoryServiceProcess(transport, { logger, expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 3 }, { ...SOCK, onHand: 10 }] } });
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    const watcher = await startProbe(transport, notificationServiceContract); // receives InventoryAdjusted
    return { saga, watcher, inv: process.inventory };
  }

  it('answers reserve-inventory with inventory-reserved on the saga correlation, once per reservation, and releases on release-inventory', async () => {
    const { saga, watcher, inv } = await start();
    const command = reserveCommand([{ ...SHOE, quantity: 2 }, { ...SOCK, quantity: 1 }]);
    const commandId = uuid();
    await saga.service.producer.sendReserveInventory(command, { messageId: commandId });
    await expect.poll(() => saga.of('inventoryReserved')).toHaveLength(1);
    const [reserved] = saga.all('inventoryReserved');
    expect(reserved?.payload).toMatchObject({ reservationId: command.reservationId, checkoutId: command.checkoutId, items: [{ ...SHOE, quantity: 2 }, { ...SOCK, quantity: 1 }] });
    expect(reserved?.envelope).toMatchObject({ correlationId: commandId, causationId: commandId, source: 'InventoryService' });
    await expect.poll(() => watcher.of('inventoryAdjusted').map((a) => [a.sku, a.adjustment.reason, a.levels.available])).toEqual([
      [SHOE.sku, 'reserved', 1],
      [SOCK.sku, 'reserved', 9],
    ]);

    // Redelivery of the same command (another copy, another message id): nothing reserved twice, same event id.
    await saga.service.producer.sendReserveInventory(command);
    await expect.poll(() => saga.of('inventoryReserved')).toHaveLength(2);
    const ids = saga.all('inventoryReserved').map((r) => r.envelope.messageId);
    expect(ids[1]).toBe(ids[0]);
    expect(inv.levels(SHOE.sku)).toEqual({ onHand: 3, reserved: 2, available: 1 });

    await saga.service.producer.sendReleaseInventory({ reservationId: command.reservationId, checkoutId: command.checkoutId, orderId: command.orderId, reason: 'payment_declined' });
    await expect.poll(() => inv.levels(SHOE.sku).available).toBe(3);
    await expect.poll(() => watcher.of('inventoryAdjusted').filter((a) => a.adjustment.reason === 'released').map((a) => [a.sku, a.adjustment.quantityChange])).toEqual([
      [SHOE.sku, 2],
      [SOCK.sku, 1],
    ]);
    expect(saga.of('outOfStock')).toEqual([]);
  });

  it('answers a reservation it cannot fill with OutOfStock carrying the checkout id, and reserves nothing', async () => {
    const { saga, inv } = await start();
    const command = reserveCommand([{ ...SOCK, quantity: 2 }, { ...SHOE, quantity: 4 }]);
    await saga.service.producer.sendReserveInventory(command);
    await expect.poll(() => saga.of('outOfStock')).toHaveLength(1);
    expect(saga.of('outOfStock')[0]).toMatchObject({
      checkoutId: command.checkoutId,
      reservationId: command.reservationId,
      items: [{ ...SHOE, requestedQuantity: 4, availableQuantity: 3 }],
    });
    expect(inv.levels(SOCK.sku).available).toBe(10);
    expect(saga.of('inventoryReserved')).toEqual([]);
  });

  it('allocates on OrderConfirmed from the Orders Service and publishes the restock of a delivery', async () => {
    const { saga, watcher, inv } = await start();
    const orders = await startProbe(transport, ordersServiceContract);
    const command = reserveCommand([{ ...SHOE, quantity: 2 }]);
    await saga.service.producer.sendReserveInventory(command);
    await expect.poll(() => saga.of('inventoryReserved')).toHaveLength(1);
    await orders.service.producer.publishOrderConfirmed({
      orderId: command.orderId,
      customerId: uuid(),
      items: [{ ...SHOE, name: 'Shoe', quantity: 2, unitPrice: { amount: 12900, currency: 'EUR' } }],
      total: { amount: 25800, currency: 'EUR' },
      fulfilmentWarehouseId: 'WH-MAIN',
      confirmedBy: 'staff-anna',
      confirmedAt: '2025-03-01T11:00:00Z',
    });
    await expect.poll(() => inv.reservation(command.reservationId)?.status).toBe('allocated');
    await (process as InventoryServiceProcess).receiveDelivery({ deliveryId: 'DEL-7', lines: [{ ...SHOE, quantity: 5 }] });
    await expect.poll(() => watcher.of('inventoryAdjusted').map((a) => a.adjustment.reason)).toEqual(['reserved', 'allocated', 'restocked']);
    expect(inv.levels(SHOE.sku)).toEqual({ onHand: 8, reserved: 2, available: 6 });
  });
});
