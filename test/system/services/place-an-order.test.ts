/**
 * Place an Order and the Payment Flow across every service of this part, with the Checkout
 * Orchestrator played step by step by a probe on its generated contract (the saga itself is built
 * separately): cart → checkout → reservation → fraud screening → authorization → order (PGlite,
 * outbox) → amendment → confirmation → capture → receipt; and the payment-declined failure path.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { notificationServiceContract } from '../../../generated/services/notification-service/index.js';
import { storefrontContract } from '../../../generated/services/storefront/index.js';
import type { StartCheckout } from '../../../generated/types/start-checkout.js';
import type { SendOptions, Transport } from '../../../runtime/index.js';
import { openDatabase, type Database } from '../../../system/db/index.js';
import {
  startPlaceAnOrderServices,
} from '../../../system/services/index.js';
import { SHOE, SOCK } from '../../../system/shop.js';
import { address, card, eur, listenerContract, logger, memoryTransport, startProbe, uuid, type Probe } from './helpers.js';


describe('Place an Order across the services (orchestrator played by a probe)', () => {
  let db: Database;
  let transport: Transport;
  const processes: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });
  afterEach(async () => {
    for (const p of processes.splice(0).reverse()) await p.stop();
    await transport.close();
  });

  async function system(balances: Record<string, number> = {}) {
    transport = memoryTransport();
    const customerId = uuid();
    const services = await startPlaceAnOrderServices(transport, {
      logger,
      inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 10 }, { ...SOCK, onHand: 10 }] } },
      payment: { payments: { balances } },
      orderService: { db },
      notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl' } } } },
      cart: { carts: { products: [SHOE, SOCK] } },
    });
    processes.push(services);
    const { inventory, payments, orderService, orders, notifications, cart, checkoutApi } = services;
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    const storefront = await startProbe(transport, storefrontContract);
    const support = await startProbe(transport, listenerContract('support', { notificationSent: notificationServiceContract.sends.publishNotificationSent }));
    return { customerId, inventory, payments, orderService, orders, notifications, cart, checkoutApi, saga, storefront, support };
  }

  /** The storefront checks out a cart of 1 shoe + 2 socks with WELCOME10 (159.00 - 15.90 = 143.10 to pay, with the default promotions); the orchestrator gets start-checkout. */
  async function checkOut(s: Awaited<ReturnType<typeof system>>, token: string): Promise<StartCheckout> {
    const cartId = uuid();
    const send = s.storefront.service.producer;
    await send.sendAddItemToCart({ cartId, customerId: s.customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 });
    await send.sendAddItemToCart({ cartId, customerId: s.customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 2 });
    await expect.poll(() => s.cart.carts.cart(cartId)?.version).toBe(2);
    await send.sendCheckoutCart({ cartId, customerId: s.customerId, shippingAddress: address, paymentMethod: card(token), promotionCode: 'WELCOME10' });
    await expect.poll(() => s.saga.of('startCheckout').filter((c) => c.cartId === cartId)).toHaveLength(1);
    return s.saga.of('startCheckout').find((c) => c.cartId === cartId) as StartCheckout;
  }

  /** Steps 1-3 of the saga as the orchestrator would send them, each on the checkout's correlation. */
  async function reserveScreenAuthorize(saga: Probe<typeof checkoutOrchestratorContract>, checkout: StartCheckout) {
    const flow: SendOptions = { correlationId: checkout.checkoutId };
    const reservationId = uuid();
    const paymentId = uuid();
    await saga.service.producer.sendReserveInventory(
      { reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, items: checkout.items.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })), shippingCountry: 'NL' },
      flow,
    );
    await expect.poll(() => saga.of('inventoryReserved').filter((r) => r.checkoutId === checkout.checkoutId)).toHaveLength(1);
    await saga.service.producer.publishPaymentInitiated(
      {
        paymentId,
        checkoutId: checkout.checkoutId,
        orderId: checkout.orderId,
        customerId: checkout.customerId,
        amount: checkout.total,
        paymentMethod: checkout.paymentMethod,
        billingCountry: checkout.shippingAddress.countryCode,
        customerIp: '203.0.113.7',
        initiatedAt: checkout.requestedAt,
      },
      flow,
    );
    await expect.poll(() => saga.of('fraudCheckCompleted').filter((f) => f.paymentId === paymentId)).toHaveLength(1);
    const fraudCheck = saga.of('fraudCheckCompleted').find((f) => f.paymentId === paymentId);
    expect(fraudCheck?.decision).toBe('approved');
    await saga.service.producer.sendAuthorizePayment(
      { paymentId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, amount: checkout.total, fraudCheckId: fraudCheck?.fraudCheckId ?? '' },
      flow,
    );
    return { reservationId, paymentId, flow };
  }

  it('happy path: the order is created, amended, confirmed and paid, with every event on the checkout\'s correlation', async () => {
    const s = await system();
    const checkout = await checkOut(s, 'tok_visa_4242424242');
    expect(checkout.total).toEqual(eur(14_310));
    const { reservationId, paymentId, flow } = await reserveScreenAuthorize(s.saga, checkout);
    await expect.poll(() => s.saga.of('paymentAuthorized').filter((p) => p.paymentId === paymentId)).toHaveLength(1);
    const authorizationId = s.saga.of('paymentAuthorized')[0]?.authorizationId ?? '';

    await s.saga.service.producer.sendCreateOrder(
      {
        orderId: checkout.orderId,
        checkoutId: checkout.checkoutId,
        cartId: checkout.cartId,
        customerId: checkout.customerId,
        items: checkout.items,
        total: checkout.total,
        shippingAddress: checkout.shippingAddress,
        reservationId,
        paymentId,
        authorizationId,
      },
      flow,
    );
    await expect.poll(() => s.saga.of('orderCreated').filter((o) => o.orderId === checkout.orderId)).toHaveLength(1);
    await expect.poll(() => s.orders.orders.order(checkout.orderId)?.status).toBe('open');
    await expect.poll(() => s.notifications.notifier.sent('email').map((n) => n.template)).toEqual(['order_placed']);
    expect((await s.checkoutApi.checkoutStatus(checkout.checkoutId))?.result).toMatchObject({ status: 'found', order: { status: 'created' } });

    // The customer drops one pair of socks; staff confirm; the saga captures the confirmed total.
    await s.storefront.service.producer.sendAmendOrder({ orderId: checkout.orderId, requestedBy: 'customer', items: [{ productId: SOCK.productId, quantity: 1 }] });
    await expect.poll(() => s.inventory.inventory.levels(SOCK.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    await s.storefront.service.producer.sendConfirmOrder({ orderId: checkout.orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' });
    await expect.poll(() => s.saga.of('orderConfirmed')).toHaveLength(1);
    const confirmed = s.saga.of('orderConfirmed')[0];
    expect(confirmed?.total.amount).toBeLessThan(checkout.total.amount);
    await expect.poll(() => s.inventory.inventory.reservation(reservationId)?.status).toBe('allocated');

    await s.saga.service.producer.sendCapturePayment({ paymentId, orderId: checkout.orderId, authorizationId, amount: confirmed?.total ?? eur(0) }, flow);
    await expect.poll(() => s.payments.payments.payment(paymentId)?.status).toBe('captured');
    await expect.poll(() => s.notifications.notifier.sent('email').map((n) => n.template)).toEqual(['order_placed', 'payment_receipt']);

    // Everything the saga saw in reply to its own steps carries the checkout's correlation id.
    for (const key of ['inventoryReserved', 'fraudCheckCompleted', 'paymentAuthorized', 'orderCreated'] as const) {
      expect(s.saga.all(key).map((r) => r.envelope.correlationId)).toEqual([checkout.checkoutId]);
    }
    await expect.poll(() => s.support.of('notificationSent').map((n) => n.template)).toEqual(['order_placed', 'payment_receipt']);
    expect(s.support.all('notificationSent').map((r) => r.envelope.correlationId)).toEqual([checkout.checkoutId, checkout.checkoutId]);
  });

  it('payment declined (insufficient funds): the saga compensates, stock is back, the order is a cancelled tombstone and the customer is told', async () => {
    const s = await system({ tok_low_balance_99: 10_000 });
    const checkout = await checkOut(s, 'tok_low_balance_99');
    const { reservationId, paymentId, flow } = await reserveScreenAuthorize(s.saga, checkout);
    await expect.poll(() => s.saga.of('paymentDeclined').filter((p) => p.paymentId === paymentId)).toHaveLength(1);
    expect(s.saga.of('paymentDeclined')[0]).toMatchObject({ reason: 'insufficient_funds', checkoutId: checkout.checkoutId });
    expect(s.inventory.inventory.levels(SHOE.sku).available).toBe(9);

    await s.saga.service.producer.sendReleaseInventory({ reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, reason: 'payment_declined' }, flow);
    await s.saga.service.producer.sendCancelOrder(
      { orderId: checkout.orderId, checkoutId: checkout.checkoutId, customerId: checkout.customerId, reason: 'payment_declined', initiatedBy: 'checkout_saga' },
      flow,
    );
    await expect.poll(() => s.inventory.inventory.levels(SHOE.sku).available).toBe(10);
    await expect.poll(async () => (await s.orderService.store.getStoredOrder(checkout.orderId))?.status).toBe('cancelled');
    await expect.poll(() => s.notifications.notifier.sent('email').map((n) => [n.template, n.subject])).toEqual([['order_cancelled', 'Your checkout could not be completed']]);
    await expect.poll(() => s.orders.orders.order(checkout.orderId)?.status).toBe('cancelled');
    expect(s.saga.of('paymentAuthorized')).toEqual([]);
  });
});
