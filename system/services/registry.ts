/**
 * The per-service registry between the process wiring and the handlers.
 *
 * Handlers are plain exported functions with a fixed signature (`handlers/<service>/*.ts`), so
 * they cannot be handed their domain object. Instead each service has a slot here: the wiring
 * (`system/services/<service>.ts`) puts the service's domain object into it before it starts
 * consuming and takes it out when it stops; the handlers read it on every message. One running
 * instance of a service per process (a second start while one runs is an error); domain state is
 * in memory, so competing consumers belong in separate processes anyway.
 *
 * This module imports no handlers and no wiring, so both can import it without a cycle.
 */
import type { Logger } from '../../runtime/index.js';
import type { Billing } from '../domain/billing-service/index.js';
import type { Carts } from '../domain/cart-api/index.js';
import type { CheckoutFailure, CheckoutSagaData } from '../domain/checkout-orchestrator/index.js';
import type { CheckoutIntake } from '../domain/checkout-api/index.js';
import type { FraudScreening } from '../domain/fraud-detection-service/index.js';
import type { Inventory } from '../domain/inventory-service/index.js';
import type { Notifier } from '../domain/notification-service/index.js';
import type { OrderCare } from '../domain/orders-service/index.js';
import type { PaymentProcessor } from '../domain/payment-service/index.js';
import type { Promotions } from '../domain/promotions-service/index.js';
import type { Subscriptions } from '../domain/subscription-service/index.js';
import type { OrderStore } from '../order-store/index.js';
import type { SagaEngine } from '../saga/index.js';

export class ServiceNotRunningError extends Error {
  override readonly name = 'ServiceNotRunningError';
}

export class ServiceSlot<T> {
  private value: T | undefined;
  private token: symbol | undefined;

  /** `starter`: the function that fills the slot, named in errors. */
  constructor(
    readonly service: string,
    readonly starter: string,
  ) {}

  get running(): boolean {
    return this.token !== undefined;
  }

  /** Fills the slot; returns the function that empties it again (only this registration). */
  register(value: T): () => void {
    if (this.token) throw new Error(`${this.service} already runs in this process: stop it before starting it again`);
    const token = Symbol(this.service);
    this.token = token;
    this.value = value;
    return () => {
      if (this.token !== token) return;
      this.token = undefined;
      this.value = undefined;
    };
  }

  /** What the handlers use; throws when the service was not started through its wiring. */
  get(): T {
    if (this.token === undefined) {
      throw new ServiceNotRunningError(`${this.service} is not running in this process: start it with ${this.starter}()`);
    }
    return this.value as T;
  }
}

/** Every slot also carries the logger for business outcomes (refused commands, ignored events). */
interface WithLogger {
  readonly logger: Logger;
}

export interface InventoryServiceRuntime extends WithLogger {
  readonly inventory: Inventory;
}
export interface PaymentServiceRuntime extends WithLogger {
  readonly payments: PaymentProcessor;
}
export interface FraudDetectionServiceRuntime extends WithLogger {
  readonly fraud: FraudScreening;
}
export interface NotificationServiceRuntime extends WithLogger {
  readonly notifier: Notifier;
}
export interface OrdersServiceRuntime extends WithLogger {
  readonly orders: OrderCare;
}
export interface OrderServiceRuntime extends WithLogger {
  readonly store: OrderStore;
}
export interface CartApiRuntime extends WithLogger {
  readonly carts: Carts;
  /** How often a checkout is priced again when the cart changed meanwhile (default 3). */
  readonly pricingAttempts: number;
}
export interface CheckoutApiRuntime extends WithLogger {
  readonly intake: CheckoutIntake;
}
export interface PromotionsServiceRuntime extends WithLogger {
  readonly promotions: Promotions;
}
export interface SubscriptionServiceRuntime extends WithLogger {
  readonly subscriptions: Subscriptions;
}
export interface CheckoutOrchestratorRuntime extends WithLogger {
  readonly saga: SagaEngine<CheckoutSagaData, CheckoutFailure>;
}
export interface BillingServiceRuntime extends WithLogger {
  readonly billing: Billing;
}

export const inventoryServiceSlot = new ServiceSlot<InventoryServiceRuntime>('Inventory Service', 'startInventoryServiceProcess');
export const paymentServiceSlot = new ServiceSlot<PaymentServiceRuntime>('Payment Service', 'startPaymentServiceProcess');
export const fraudDetectionServiceSlot = new ServiceSlot<FraudDetectionServiceRuntime>('Fraud Detection Service', 'startFraudDetectionServiceProcess');
export const notificationServiceSlot = new ServiceSlot<NotificationServiceRuntime>('Notifications Service', 'startNotificationServiceProcess');
export const ordersServiceSlot = new ServiceSlot<OrdersServiceRuntime>('Orders Service', 'startOrdersServiceProcess');
export const orderServiceSlot = new ServiceSlot<OrderServiceRuntime>('Order Service', 'startOrderServiceProcess');
export const cartApiSlot = new ServiceSlot<CartApiRuntime>('Cart API', 'startCartApiProcess');
export const checkoutApiSlot = new ServiceSlot<CheckoutApiRuntime>('Checkout API', 'startCheckoutApiProcess');
export const promotionsServiceSlot = new ServiceSlot<PromotionsServiceRuntime>('Promotions Service', 'startPromotionsServiceProcess');
export const subscriptionServiceSlot = new ServiceSlot<SubscriptionServiceRuntime>('Subscription Service', 'startSubscriptionServiceProcess');
export const billingServiceSlot = new ServiceSlot<BillingServiceRuntime>('Billing Service', 'startBillingServiceProcess');
export const checkoutOrchestratorSlot = new ServiceSlot<CheckoutOrchestratorRuntime>('Checkout Orchestrator', 'startCheckoutOrchestratorProcess');
