/** Orders Service: the amend/confirm/cancel rules over its order projection, and the running service driven by the storefront's generated producer. */
import { afterEach, describe, expect, it } from 'vitest';
import { orderServiceContract } from '../../../generated/services/order-service/index.js';
import { ordersServiceContract } from '../../../generated/services/orders-service/index.js';
import { storefrontContract } from '../../../generated/services/storefront/index.js';
import type { AmendOrder } from '../../../generated/types/amend-order.js';
import type { OrderCreated } from '../../../generated/types/order-created.js';
import { HEADERS, type Transport } from '../../../runtime/index.js';
import { OrderCare } from '../../../system/domain/orders-service/index.js';
import { startOrdersServiceProcess, type OrdersServiceProcess } from '../../../system/services/index.js';
import { watchQueue } from '../../runtime/helpers/services.js';
import { address, eur, fixedClock, listenerContract, logger, memoryTransport, schemaErrors, startProbe, uuid } from './helpers.js';

const schemas = Object.fromEntries(Object.values(ordersServiceContract.sends).map((m) => [m.id, m.schema]));
const SHOE = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const SOCK = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** 1 shoe at 129.00 (12.90 off) + 2 socks at 15.00, with a 5.00 cart discount: 141.10 authorized. */
function orderCreated(): OrderCreated {
  return {
    orderId: uuid(),
    checkoutId: uuid(),
    customerId: uuid(),
    items: [
      { productId: SHOE, sku: 'SHOE-TR-42', name: 'Shoe', quantity: 1, unitPrice: eur(12_900), discount: eur(1_290) },
      { productId: SOCK, sku: 'SOCK-MER-M', name: 'Socks', quantity: 2, unitPrice: eur(1_500) },
    ],
    total: eur(14_110),
    discountTotal: eur(1_290),
    deliveryAddress: address,
    createdAt: '2025-03-01T10:00:00Z',
  };
}

function care() {
  const orders = new OrderCare({ now: fixedClock() });
  const order = orderCreated();
  orders.orderCreated(order);
  return { orders, order };
}

describe('OrderCare (domain)', () => {
  it.each<{ name: string; amend: Omit<AmendOrder, 'orderId' | 'requestedBy'>; outcome: string; total?: number; fields?: string[] }>([
    { name: 'one sock fewer', amend: { items: [{ productId: SOCK, quantity: 1 }] }, outcome: 'amended', total: 12_610, fields: ['items'] },
    { name: 'the shoe removed', amend: { items: [{ productId: SHOE, quantity: 0 }] }, outcome: 'amended', total: 2_500, fields: ['items'] },
    { name: 'new instructions', amend: { deliveryInstructions: 'Leave with the neighbours' }, outcome: 'amended', total: 14_110, fields: ['deliveryInstructions'] },
    {
      name: 'a new address and fewer socks',
      amend: { items: [{ productId: SOCK, quantity: 1 }], deliveryAddress: { ...address, city: 'Utrecht', postalCode: '3511 AA' } },
      outcome: 'amended',
      total: 12_610,
      fields: ['items', 'deliveryAddress'],
    },
    { name: 'more socks', amend: { items: [{ productId: SOCK, quantity: 3 }] }, outcome: 'quantity_increase' },
    { name: 'a product not on the order', amend: { items: [{ productId: uuid(), quantity: 1 }] }, outcome: 'unknown_product' },
    { name: 'every line removed', amend: { items: [{ productId: SHOE, quantity: 0 }, { productId: SOCK, quantity: 0 }] }, outcome: 'empty_order' },
    { name: 'the same quantities', amend: { items: [{ productId: SOCK, quantity: 2 }] }, outcome: 'no_change' },
  ])('AmendOrder with $name → $outcome', ({ amend, outcome, total, fields }) => {
    const { orders, order } = care();
    const result = orders.amend({ orderId: order.orderId, requestedBy: 'customer', ...amend }, uuid());
    if (result.outcome === 'rejected') {
      expect(result.reason).toBe(outcome);
      expect(orders.order(order.orderId)?.revision).toBe(1);
      return;
    }
    expect(result.outcome).toBe(outcome);
    expect(result.amended.payload).toMatchObject({ orderId: order.orderId, customerId: order.customerId, revision: 2, total: eur(total ?? 0), amendedBy: 'customer' });
    expect(result.amended.payload.changes.map((c) => c.field)).toEqual(fields);
    expect(result.amended.payload.total.amount).toBeLessThanOrEqual(order.total.amount);
    expect(schemaErrors(schemas['OrderAmended'], result.amended)).toEqual([]);
  });

  it('shrinks line discounts pro rata and counts revisions', () => {
    const { orders, order } = care();
    const shoeTwice = { ...order, orderId: uuid(), items: [{ ...order.items[0]!, quantity: 2, discount: eur(2_580) }], total: eur(23_220) };
    orders.orderCreated(shoeTwice);
    const result = orders.amend({ orderId: shoeTwice.orderId, requestedBy: 'support', items: [{ productId: SHOE, quantity: 1 }] }, uuid());
    expect(result.outcome === 'amended' && result.amended.payload).toMatchObject({ revision: 2, items: [{ quantity: 1, discount: eur(1_290) }], total: eur(11_610) });
    const again = orders.amend({ orderId: shoeTwice.orderId, requestedBy: 'support', deliveryInstructions: 'Ring twice' }, uuid());
    expect(again.outcome === 'amended' && again.amended.payload.revision).toBe(3);
  });

  it('refuses to lower a line of a product that is no longer available (removing it is fine)', () => {
    const { orders, order } = care();
    const soldOut = (available: number) => ({
      productId: SOCK,
      sku: 'SOCK-MER-M',
      warehouseId: 'WH-MAIN',
      adjustment: { reason: 'stock_count' as const, quantityChange: 0 },
      levels: { onHand: available, reserved: 0, available },
      adjustedAt: '2025-03-01T11:00:00Z',
    });
    orders.inventoryAdjusted(soldOut(0));
    expect(orders.isAvailable(SOCK)).toBe(false);
    expect(orders.amend({ orderId: order.orderId, requestedBy: 'customer', items: [{ productId: SOCK, quantity: 1 }] }, uuid())).toMatchObject({
      outcome: 'rejected',
      reason: 'product_unavailable',
    });
    expect(orders.amend({ orderId: order.orderId, requestedBy: 'customer', items: [{ productId: SOCK, quantity: 0 }] }, uuid()).outcome).toBe('amended');
  });

  it('confirms once, and after confirmation refuses amendments and cancellations', () => {
    const { orders, order } = care();
    const confirm = { orderId: order.orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' };
    const confirmed = orders.confirm(confirm);
    expect(confirmed.outcome === 'confirmed' && confirmed.confirmed.payload).toMatchObject({ orderId: order.orderId, items: order.items, total: order.total, confirmedBy: 'staff-anna' });
    expect(schemaErrors(schemas['OrderConfirmed'], confirmed.outcome === 'confirmed' ? confirmed.confirmed : undefined)).toEqual([]);
    expect(orders.confirm(confirm)).toEqual({ ...confirmed, duplicate: true });
    expect(orders.amend({ orderId: order.orderId, requestedBy: 'customer', deliveryInstructions: 'x' }, uuid())).toMatchObject({ reason: 'confirmed' });
    expect(orders.requestCancellation({ orderId: order.orderId, requestedBy: 'customer', reason: 'changed_mind' })).toMatchObject({ reason: 'confirmed' });
  });

  it('accepts a cancellation request once; then refuses confirmation; order-cancelled closes the record', () => {
    const { orders, order } = care();
    const request = { orderId: order.orderId, requestedBy: 'customer' as const, reason: 'found_cheaper' as const, note: 'sorry' };
    const cancelled = orders.requestCancellation(request);
    expect(cancelled.outcome === 'cancelled' && cancelled.cancelled.payload).toMatchObject({ orderId: order.orderId, customerId: order.customerId, reason: 'found_cheaper', note: 'sorry' });
    expect(schemaErrors(schemas['OrderCancelled'], cancelled.outcome === 'cancelled' ? cancelled.cancelled : undefined)).toEqual([]);
    expect(orders.requestCancellation(request)).toEqual({ ...cancelled, duplicate: true });
    expect(orders.confirm({ orderId: order.orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' })).toMatchObject({ reason: 'cancelled' });
    expect(orders.orderCancelled({ orderId: order.orderId, checkoutId: order.checkoutId, customerId: order.customerId, reason: 'customer_request', previousStatus: 'created', cancelledAt: '2025-03-01T12:00:00Z' })).toBe('closed');
    expect(orders.order(order.orderId)?.status).toBe('cancelled');
  });

  it('refuses every request for an order it does not know (404)', () => {
    const orders = new OrderCare();
    const orderId = uuid();
    expect(orders.confirm({ orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' })).toMatchObject({ reason: 'not_found' });
    expect(orders.requestCancellation({ orderId, requestedBy: 'support', reason: 'other' })).toMatchObject({ reason: 'not_found' });
    expect(orders.amend({ orderId, requestedBy: 'support', deliveryInstructions: 'x' }, uuid())).toMatchObject({ reason: 'not_found' });
  });
});

describe('Orders Service (running)', () => {
  let transport: Transport;
  let process: OrdersServiceProcess | undefined;
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  it('opens order care on order-created and answers the storefront with OrderAmended, OrderConfirmed; refuses what it must', async () => {
    transport = memoryTransport();
    process = await startOrdersServiceProcess(transport, { logger });
    const { publishOrderAmended, publishOrderCancelled, publishOrderConfirmed } = ordersServiceContract.sends;
    const watch = await startProbe(transport, listenerContract('orders-watch', { amended: publishOrderAmended, cancelled: publishOrderCancelled, confirmed: publishOrderConfirmed }));
    const orderService = await startProbe(transport, orderServiceContract);
    const storefront = await startProbe(transport, storefrontContract);
    const orders = process.orders;
    const refused = await watchQueue(transport, 'orders-service.dlq.order-change-refused');

    const order = orderCreated();
    const other = orderCreated();
    await orderService.service.producer.publishOrderCreated(order);
    await orderService.service.producer.publishOrderCreated(other);
    await expect.poll(() => [orders.order(order.orderId)?.status, orders.order(other.orderId)?.status]).toEqual(['open', 'open']);

    const amendId = uuid();
    const amend = { orderId: order.orderId, requestedBy: 'customer' as const, items: [{ productId: SOCK, quantity: 1 }] };
    await storefront.service.producer.sendAmendOrder(amend, { messageId: amendId });
    await storefront.service.producer.sendAmendOrder(amend, { messageId: amendId }); // redelivered copy
    await storefront.service.producer.sendAmendOrder({ ...amend, items: [{ productId: SOCK, quantity: 5 }] }); // refused: more
    await expect.poll(() => watch.all('amended')).toHaveLength(2);
    expect(watch.all('amended').map((r) => [r.envelope.messageId, r.envelope.correlationId, r.payload.revision, r.payload.total])).toEqual([
      [expect.any(String), amendId, 2, eur(12_610)],
      [watch.all('amended')[0]?.envelope.messageId, amendId, 2, eur(12_610)],
    ]);

    await storefront.service.producer.sendConfirmOrder({ orderId: order.orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN', note: 'fragile' });
    await storefront.service.producer.sendRequestOrderCancellation({ orderId: other.orderId, requestedBy: 'customer', reason: 'changed_mind' });
    await storefront.service.producer.sendRequestOrderCancellation({ orderId: order.orderId, requestedBy: 'customer', reason: 'changed_mind' }); // 409: confirmed
    await expect.poll(() => watch.of('confirmed')).toHaveLength(1);
    await expect.poll(() => watch.of('cancelled')).toHaveLength(1);
    expect(watch.of('confirmed')[0]).toMatchObject({ orderId: order.orderId, total: eur(12_610), items: [{ productId: SHOE, quantity: 1 }, { productId: SOCK, quantity: 1 }] });
    expect(watch.of('cancelled')[0]).toMatchObject({ orderId: other.orderId, reason: 'changed_mind', requestedBy: 'customer' });
    expect(orders.order(order.orderId)?.status).toBe('confirmed');
    expect(orders.order(other.orderId)?.status).toBe('cancellation_requested');
    // The two refusals failed for good: in the business dead letter at once, with their reason.
    await expect.poll(() => refused.messages.length).toBe(2);
    expect(refused.messages.map((m) => [m.envelope.type, m.headers[HEADERS.deadLetterReason], m.headers[HEADERS.businessDeadLetter], m.headers[HEADERS.attempt]])).toEqual([
      ['AmendOrder', 'permanent-failure', 'order-change-refused', 1],
      ['RequestOrderCancellation', 'permanent-failure', 'order-change-refused', 1],
    ]);
    expect(String(refused.messages[1]?.headers[HEADERS.error])).toMatch(/confirmed/);
    await refused.stop();
  });
});
