/**
 * The services whose process is built around one domain object (given in the options under its
 * key, or created from the options given there) that their handlers get as `deps`: one row each
 * of the starter (starter.ts). Some add methods for what happens outside the catalog (a delivery
 * of goods, a sign-up) and a timer for their periodic work.
 */
import type { GetOrderResponse } from '../../generated/types/get-order.js';
import { startBillingService, type BillingServiceContract } from '../../generated/services/billing-service/index.js';
import { startCartApi, type CartApiContract } from '../../generated/services/cart-api/index.js';
import { startCheckoutApi, type CheckoutApiContract } from '../../generated/services/checkout-api/index.js';
import { startFraudDetectionService, type FraudDetectionServiceContract } from '../../generated/services/fraud-detection-service/index.js';
import { startInventoryService, type InventoryServiceContract } from '../../generated/services/inventory-service/index.js';
import { startNotificationService, type NotificationServiceContract } from '../../generated/services/notification-service/index.js';
import { startOrdersService, type OrdersServiceContract } from '../../generated/services/orders-service/index.js';
import { startPaymentService, type PaymentServiceContract } from '../../generated/services/payment-service/index.js';
import { startPromotionsService, type PromotionsServiceContract } from '../../generated/services/promotions-service/index.js';
import { startSubscriptionService, type SubscriptionServiceContract } from '../../generated/services/subscription-service/index.js';
import * as billingService from '../../handlers/billing-service/index.js';
import * as cartApi from '../../handlers/cart-api/index.js';
import * as checkoutApi from '../../handlers/checkout-api/index.js';
import * as fraudDetectionService from '../../handlers/fraud-detection-service/index.js';
import * as inventoryService from '../../handlers/inventory-service/index.js';
import * as notificationService from '../../handlers/notification-service/index.js';
import * as ordersService from '../../handlers/orders-service/index.js';
import * as paymentService from '../../handlers/payment-service/index.js';
import * as promotionsService from '../../handlers/promotions-service/index.js';
import * as subscriptionService from '../../handlers/subscription-service/index.js';
import type { ServiceContract } from '../../runtime/index.js';
import { Billing, type BillingOptions } from '../domain/billing-service/index.js';
import { Carts, type CartsOptions } from '../domain/cart-api/index.js';
import { CheckoutIntake, type CheckoutIntakeOptions } from '../domain/checkout-api/index.js';
import { FraudScreening, type FraudOptions } from '../domain/fraud-detection-service/index.js';
import { Inventory, type InventoryOptions, type StockLine } from '../domain/inventory-service/index.js';
import { Notifier, type NotifierOptions } from '../domain/notification-service/index.js';
import { OrderCare, type OrdersOptions } from '../domain/orders-service/index.js';
import { PaymentProcessor, type PaymentOptions } from '../domain/payment-service/index.js';
import { Promotions, type PromotionsOptions } from '../domain/promotions-service/index.js';
import { Subscriptions, type StartSubscription, type SubscriptionsOptions } from '../domain/subscription-service/index.js';
import { domainObject, serviceProcess, type StartProcess } from './starter.js';
import { PendingEvents, type ProcessOptions, type ServiceProcess } from './support.js';

/** The domain object (or the options to create one with) under `K`, plus the row's own options `X`. */
export type DomainProcessOptions<C extends ServiceContract, K extends string, T, O, X = unknown> = ProcessOptions<C> & { readonly [P in K]?: T | O } & X;
/** The running service, its domain object under `K`, plus the row's own members `X`. */
export type DomainProcess<C extends ServiceContract, K extends string, T, X = unknown> = ServiceProcess<C> & { readonly [P in K]: T } & X;

export type PaymentServiceProcessOptions = DomainProcessOptions<PaymentServiceContract, 'payments', PaymentProcessor, PaymentOptions>;
export type PaymentServiceProcess = DomainProcess<PaymentServiceContract, 'payments', PaymentProcessor>;
export const startPaymentServiceProcess: StartProcess<PaymentServiceProcessOptions, PaymentServiceProcess> = serviceProcess({
  start: startPaymentService,
  handlers: paymentService,
  ...domainObject('payments', PaymentProcessor),
});

export type FraudDetectionServiceProcessOptions = DomainProcessOptions<FraudDetectionServiceContract, 'fraud', FraudScreening, FraudOptions>;
export type FraudDetectionServiceProcess = DomainProcess<FraudDetectionServiceContract, 'fraud', FraudScreening>;
export const startFraudDetectionServiceProcess: StartProcess<FraudDetectionServiceProcessOptions, FraudDetectionServiceProcess> = serviceProcess({
  start: startFraudDetectionService,
  handlers: fraudDetectionService,
  ...domainObject('fraud', FraudScreening),
});

/** The notifier: contacts, watchers, and what was sent per channel (`sent(channel)`). */
export type NotificationServiceProcessOptions = DomainProcessOptions<NotificationServiceContract, 'notifier', Notifier, NotifierOptions>;
export type NotificationServiceProcess = DomainProcess<NotificationServiceContract, 'notifier', Notifier>;
export const startNotificationServiceProcess: StartProcess<NotificationServiceProcessOptions, NotificationServiceProcess> = serviceProcess({
  start: startNotificationService,
  handlers: notificationService,
  ...domainObject('notifier', Notifier),
});

/** Order care (amend, confirm, cancel requests) over its projection of the orders. */
export type OrdersServiceProcessOptions = DomainProcessOptions<OrdersServiceContract, 'orders', OrderCare, OrdersOptions>;
export type OrdersServiceProcess = DomainProcess<OrdersServiceContract, 'orders', OrderCare>;
export const startOrdersServiceProcess: StartProcess<OrdersServiceProcessOptions, OrdersServiceProcess> = serviceProcess({
  start: startOrdersService,
  handlers: ordersService,
  ...domainObject('orders', OrderCare),
});

/** The promotion list; the service answers calculate-discount. */
export type PromotionsServiceProcessOptions = DomainProcessOptions<PromotionsServiceContract, 'promotions', Promotions, PromotionsOptions>;
export type PromotionsServiceProcess = DomainProcess<PromotionsServiceContract, 'promotions', Promotions>;
export const startPromotionsServiceProcess: StartProcess<PromotionsServiceProcessOptions, PromotionsServiceProcess> = serviceProcess({
  start: startPromotionsService,
  handlers: promotionsService,
  ...domainObject('promotions', Promotions),
});

interface CartApiOwnOptions {
  /** How often one checkout is priced again when the cart changes while it is priced (default 3). */
  readonly pricingAttempts?: number;
}
/** Carts and the price list; the service asks the Promotions Service for discounts. */
export type CartApiProcessOptions = DomainProcessOptions<CartApiContract, 'carts', Carts, CartsOptions, CartApiOwnOptions>;
export type CartApiProcess = DomainProcess<CartApiContract, 'carts', Carts>;
export const startCartApiProcess: StartProcess<CartApiProcessOptions, CartApiProcess> = serviceProcess({
  start: startCartApi,
  handlers: cartApi,
  ...domainObject('carts', Carts),
  deps: (carts, { logger, options }) => ({ carts, logger, pricingAttempts: options.pricingAttempts ?? 3 }),
});

/** Checkout intake (one checkout per cart); answers the storefront's status polls with get-order. */
export type CheckoutApiProcessOptions = DomainProcessOptions<CheckoutApiContract, 'intake', CheckoutIntake, CheckoutIntakeOptions>;
export type CheckoutApiProcess = DomainProcess<
  CheckoutApiContract,
  'intake',
  CheckoutIntake,
  {
    /** The order of a checkout, from the Order Service (get-order); undefined for an unknown checkout. */
    checkoutStatus(checkoutId: string): Promise<GetOrderResponse | undefined>;
  }
>;
export const startCheckoutApiProcess: StartProcess<CheckoutApiProcessOptions, CheckoutApiProcess> = serviceProcess({
  start: startCheckoutApi,
  handlers: checkoutApi,
  ...domainObject('intake', CheckoutIntake),
  extend: (intake, ctx) => ({
    intake,
    async checkoutStatus(checkoutId: string) {
      const checkout = intake.checkout(checkoutId);
      return checkout && ctx.service().producer.requestGetOrder({ orderId: checkout.orderId });
    },
  }),
});

/** The subscription lifecycle. */
export type SubscriptionServiceProcessOptions = DomainProcessOptions<SubscriptionServiceContract, 'subscriptions', Subscriptions, SubscriptionsOptions>;
export type SubscriptionServiceProcess = DomainProcess<
  SubscriptionServiceContract,
  'subscriptions',
  Subscriptions,
  {
    /** Activates a subscription (the sign-up page, outside the catalog) and publishes UserSubscriptionStarted. */
    startSubscription(input: StartSubscription): Promise<void>;
  }
>;
export const startSubscriptionServiceProcess: StartProcess<SubscriptionServiceProcessOptions, SubscriptionServiceProcess> = serviceProcess({
  start: startSubscriptionService,
  handlers: subscriptionService,
  ...domainObject('subscriptions', Subscriptions),
  extend: (subscriptions, ctx) => {
    const pending = new PendingEvents();
    return {
      subscriptions,
      startSubscription: (input: StartSubscription) => pending.publish(ctx.service().producer.publishUserSubscriptionStarted, subscriptions.start(input).started),
    };
  },
});

interface InventoryOwnOptions {
  /** How often held reservations past their `expiresAt` are released (default 30,000 ms; 0: never, call `expireReservations()`). */
  readonly expiryCheckMs?: number;
}
/** Stock per SKU and warehouse, and a reservation expiry sweep. */
export type InventoryServiceProcessOptions = DomainProcessOptions<InventoryServiceContract, 'inventory', Inventory, InventoryOptions, InventoryOwnOptions>;
export type InventoryServiceProcess = DomainProcess<
  InventoryServiceContract,
  'inventory',
  Inventory,
  {
    /** Books a delivery of goods (restocked) and publishes InventoryAdjusted; idempotent by `deliveryId`. */
    receiveDelivery(delivery: { deliveryId: string; warehouseId?: string; lines: readonly StockLine[] }): Promise<void>;
    /** Releases expired reservations now and publishes their InventoryAdjusted; returns how many expired. */
    expireReservations(): Promise<number>;
  }
>;
export const startInventoryServiceProcess: StartProcess<InventoryServiceProcessOptions, InventoryServiceProcess> = serviceProcess({
  start: startInventoryService,
  handlers: inventoryService,
  ...domainObject('inventory', Inventory),
  extend: (inventory, { options, service, repeat }) => {
    const { producer } = service();
    const pending = new PendingEvents();
    const expireReservations = async () => {
      const expired = inventory.expireReservations();
      await pending.publish(producer.publishInventoryAdjusted, expired.flatMap((e) => e.adjustments));
      return expired.length;
    };
    repeat(options.expiryCheckMs ?? 30_000, expireReservations, 'reservation-expiry-failed');
    return {
      inventory,
      expireReservations,
      receiveDelivery: (delivery: { deliveryId: string; warehouseId?: string; lines: readonly StockLine[] }) =>
        pending.publish(producer.publishInventoryAdjusted, inventory.receiveDelivery(delivery)),
    };
  },
});

interface BillingOwnOptions {
  /** How often the billing cycle runs (default 60,000 ms; 0: never, call `runCycle()`). */
  readonly cycleMs?: number;
}
/** Billing schedules (stored payment methods) and invoices, and the periodic billing cycle. */
export type BillingServiceProcessOptions = DomainProcessOptions<BillingServiceContract, 'billing', Billing, BillingOptions, BillingOwnOptions>;
export type BillingServiceProcess = DomainProcess<
  BillingServiceContract,
  'billing',
  Billing,
  {
    /** Runs the billing cycle now and publishes its InvoiceGenerated and SubscriptionPaymentDue events. */
    runCycle(): Promise<{ invoices: number; paymentsDue: number }>;
  }
>;
export const startBillingServiceProcess: StartProcess<BillingServiceProcessOptions, BillingServiceProcess> = serviceProcess({
  start: startBillingService,
  handlers: billingService,
  ...domainObject('billing', Billing),
  extend: (billing, { options, service, repeat }) => {
    const { producer } = service();
    const pending = new PendingEvents();
    const runCycle = async () => {
      const { invoices, paymentsDue } = billing.runCycle();
      pending.add(producer.publishInvoiceGenerated, invoices);
      await pending.publish(producer.publishSubscriptionPaymentDue, paymentsDue);
      return { invoices: invoices.length, paymentsDue: paymentsDue.length };
    };
    repeat(options.cycleMs ?? 60_000, runCycle, 'billing-cycle-failed');
    return { billing, runCycle };
  },
});
