/**
 * What each service's handlers get as `ctx.deps`: catwire.config.json names these types
 * (`deps.services`), the generated start functions require a value of them, and the process
 * wiring (system/services) builds it. Handlers never import this module: their context type
 * carries it.
 */
import type { Logger } from '../runtime/index.js';
import type { Billing } from './domain/billing-service/index.js';
import type { Carts } from './domain/cart-api/index.js';
import type { CheckoutFailure, CheckoutSagaData } from './domain/checkout-orchestrator/index.js';
import type { CheckoutIntake } from './domain/checkout-api/index.js';
import type { FraudScreening } from './domain/fraud-detection-service/index.js';
import type { Inventory } from './domain/inventory-service/index.js';
import type { Notifier } from './domain/notification-service/index.js';
import type { OrderCare } from './domain/orders-service/index.js';
import type { PaymentProcessor } from './domain/payment-service/index.js';
import type { Promotions } from './domain/promotions-service/index.js';
import type { Subscriptions } from './domain/subscription-service/index.js';
import type { OrderStore } from './order-store/index.js';
import type { SagaEngine } from './saga/index.js';

/** Every service's handlers also get the logger for business outcomes (refused commands, ignored events). */
interface WithLogger {
  readonly logger: Logger;
}

export interface InventoryServiceDeps extends WithLogger {
  readonly inventory: Inventory;
}
export interface PaymentServiceDeps extends WithLogger {
  readonly payments: PaymentProcessor;
}
export interface FraudDetectionServiceDeps extends WithLogger {
  readonly fraud: FraudScreening;
}
export interface NotificationServiceDeps extends WithLogger {
  readonly notifier: Notifier;
}
export interface OrdersServiceDeps extends WithLogger {
  readonly orders: OrderCare;
}
export interface OrderServiceDeps extends WithLogger {
  readonly store: OrderStore;
}
export interface CartApiDeps extends WithLogger {
  readonly carts: Carts;
  /** How often a checkout is priced again when the cart changed meanwhile (default 3). */
  readonly pricingAttempts: number;
}
export interface CheckoutApiDeps extends WithLogger {
  readonly intake: CheckoutIntake;
}
export interface PromotionsServiceDeps extends WithLogger {
  readonly promotions: Promotions;
}
export interface SubscriptionServiceDeps extends WithLogger {
  readonly subscriptions: Subscriptions;
}
export interface CheckoutOrchestratorDeps extends WithLogger {
  readonly saga: SagaEngine<CheckoutSagaData, CheckoutFailure>;
}
export interface BillingServiceDeps extends WithLogger {
  readonly billing: Billing;
}
