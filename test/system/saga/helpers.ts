/**
 * The whole Place an Order system on one in-memory transport with the real Checkout Orchestrator:
 * every service process, a watcher that records every event of the flow in order, and a storefront
 * that checks out a cart.
 */
import { expect } from 'vitest';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { orderServiceContract } from '../../../generated/services/order-service/index.js';
import { storefrontContract } from '../../../generated/services/storefront/index.js';
import type { StartCheckout } from '../../../generated/types/start-checkout.js';
import type { Transport } from '../../../runtime/index.js';
import type { Database } from '../../../system/db/index.js';
import { SHOE, SOCK } from '../../../system/shop.js';
import type { FraudOptions } from '../../../system/domain/fraud-detection-service/index.js';
import {
  type CheckoutOrchestratorProcessOptions,
  type PaymentServiceProcess,
  startCheckoutOrchestratorProcess,
  startPaymentServiceProcess,
  startPlaceAnOrderServices,
} from '../../../system/services/index.js';
import { address, card, listenerContract, logger, memoryTransport, recordingLogger, startProbe, uuid, type fixedClock } from '../services/helpers.js';

export { SHOE, SOCK };

const r = checkoutOrchestratorContract.receives;
/** Every event of the flow, as the orchestrator and its neighbours see them. */
export const flowEvents = {
  inventoryReserved: r.inventoryReserved,
  outOfStock: r.outOfStock,
  paymentInitiated: checkoutOrchestratorContract.sends.publishPaymentInitiated,
  fraudCheckCompleted: r.fraudCheckCompleted,
  paymentAuthorized: r.paymentAuthorized,
  paymentDeclined: r.paymentDeclined,
  orderCreated: r.orderCreated,
  orderCancelled: orderServiceContract.sends.publishOrderCancelled,
  orderConfirmed: r.orderConfirmed,
  ordersOrderCancelled: r.orderCancelled,
};

export interface SystemOptions {
  readonly balances?: Record<string, number>;
  readonly fraud?: FraudOptions;
  readonly shoes?: number;
  /** Order Service database (shared per test file). */
  readonly orderDb: Database;
  readonly orchestrator?: CheckoutOrchestratorProcessOptions;
  /** Start Payment, then stop it: its queue keeps what arrives until it runs again. */
  readonly paymentDown?: boolean;
  readonly transport?: Transport;
}

export type SagaSystem = Awaited<ReturnType<typeof startSystem>>;

export async function startSystem(options: SystemOptions) {
  const transport = options.transport ?? memoryTransport();
  const customerId = uuid();
  const paymentOptions = { logger, payments: { balances: options.balances ?? {} } };
  const services = await startPlaceAnOrderServices(transport, {
    logger,
    inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: options.shoes ?? 10 }, { ...SOCK, onHand: 10 }] } },
    payment: paymentOptions,
    ...(options.fraud ? { fraud: { fraud: options.fraud } } : {}),
    orderService: { db: options.orderDb },
    notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl' } } } },
    cart: { carts: { products: [SHOE, SOCK] } },
  });
  let payments: PaymentServiceProcess = services.payments;
  if (options.paymentDown) await payments.stop();
  const { inventory, fraud, orderService, orders, notifications, cart, checkoutApi } = services;
  const sagaLog = recordingLogger();
  const orchestrator = await startCheckoutOrchestratorProcess(transport, { logger: sagaLog, sweepMs: 0, ...options.orchestrator });
  const watcher = await startProbe(transport, listenerContract('saga-watcher', flowEvents));
  const storefront = await startProbe(transport, storefrontContract);

  return {
    transport,
    customerId,
    inventory,
    get payments() {
      return payments;
    },
    fraud,
    orderService,
    orders,
    notifications,
    checkoutApi,
    cart,
    orchestrator,
    sagaLog,
    watcher,
    storefront,
    async startPayments() {
      payments = await startPaymentServiceProcess(transport, paymentOptions);
      return payments;
    },
    /**
     * The event types seen for one checkout, in order, once per message id: delivery is
     * at-least-once, and a copy under the same id (a redelivery, an outbox row published again)
     * is the same event. A second event under another id is not, and still shows.
     */
    sequence(checkoutId: string, orderId: string): string[] {
      const seen = new Set<string>();
      return watcher.received
        .filter((e) => {
          const p = e.payload as { checkoutId?: string; orderId?: string };
          if (p.checkoutId !== checkoutId && p.orderId !== orderId) return false;
          if (seen.has(e.envelope.messageId)) return false;
          seen.add(e.envelope.messageId);
          return true;
        })
        .map((e) => e.key);
    },
    async stop() {
      await orchestrator.stop();
      await payments.stop();
      await services.stop();
      await watcher.service.stop();
      await storefront.service.stop();
      if (!options.transport) await transport.close();
    },
  };
}

/** The storefront checks out 1 shoe + 2 socks with WELCOME10 (143.10 EUR) and waits for the checkout id. */
export async function checkOut(s: SagaSystem, token = 'tok_visa_4242424242'): Promise<StartCheckout> {
  const cartId = uuid();
  const send = s.storefront.service.producer;
  await send.sendAddItemToCart({ cartId, customerId: s.customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 });
  await send.sendAddItemToCart({ cartId, customerId: s.customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 2 });
  await expect.poll(() => s.cart.carts.cart(cartId)?.version).toBe(2);
  await send.sendCheckoutCart({ cartId, customerId: s.customerId, shippingAddress: address, paymentMethod: card(token), promotionCode: 'WELCOME10' });
  let checkout: StartCheckout | undefined;
  await expect
    .poll(async () => {
      checkout = (await s.orchestrator.saga.list()).find((i) => i.data.checkout.cartId === cartId)?.data.checkout;
      return checkout !== undefined;
    })
    .toBe(true);
  return checkout as StartCheckout;
}

/**
 * The authorization step's deadline passes (Payment is down): the sweeper fails nothing before
 * it, this checkout right after it, and nothing a second time.
 */
export async function sweepPastAuthorization(s: SagaSystem, clock: ReturnType<typeof fixedClock>, checkoutId: string): Promise<void> {
  expect((await s.orchestrator.saga.get(checkoutId))?.deadlineAt).toEqual(new Date(clock().getTime() + 30_000));
  expect(await s.orchestrator.sweeper.runOnce()).toEqual([]);
  clock.advance(30_001);
  expect(await s.orchestrator.sweeper.runOnce()).toEqual([checkoutId]);
  expect(await s.orchestrator.sweeper.runOnce()).toEqual([]);
}
