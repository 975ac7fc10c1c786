/**
 * Process wiring of the example system's services (all but the Checkout Orchestrator): each
 * `start<Service>Process(transport, options)` creates the service's domain object, hands it
 * to the handlers as their `deps` and starts the generated service.
 */
export { startBillingServiceProcess } from './billing-service.js';
export type { BillingServiceProcess, BillingServiceProcessOptions } from './billing-service.js';
export { startCartApiProcess } from './domain-processes.js';
export type { CartApiProcess, CartApiProcessOptions } from './domain-processes.js';
export { startCheckoutApiProcess } from './checkout-api.js';
export type { CheckoutApiProcess, CheckoutApiProcessOptions } from './checkout-api.js';
export { startCheckoutOrchestratorProcess, type CheckoutOrchestratorProcess, type CheckoutOrchestratorProcessOptions } from './checkout-orchestrator.js';
export { startFraudDetectionServiceProcess } from './domain-processes.js';
export type { FraudDetectionServiceProcess, FraudDetectionServiceProcessOptions } from './domain-processes.js';
export { startInventoryServiceProcess } from './inventory-service.js';
export type { InventoryServiceProcess, InventoryServiceProcessOptions } from './inventory-service.js';
export { startNotificationServiceProcess } from './domain-processes.js';
export type { NotificationServiceProcess, NotificationServiceProcessOptions } from './domain-processes.js';
export { startOrderServiceProcess } from './order-service.js';
export type { OrderServiceProcess, OrderServiceProcessOptions } from './order-service.js';
export { startOrdersServiceProcess } from './domain-processes.js';
export type { OrdersServiceProcess, OrdersServiceProcessOptions } from './domain-processes.js';
export { startPaymentServiceProcess } from './domain-processes.js';
export { startPlaceAnOrderServices, type PlaceAnOrderOptions, type PlaceAnOrderServices } from './place-an-order.js';
export type { PaymentServiceProcess, PaymentServiceProcessOptions } from './domain-processes.js';
export { startPromotionsServiceProcess } from './domain-processes.js';
export type { PromotionsServiceProcess, PromotionsServiceProcessOptions } from './domain-processes.js';
export { startSubscriptionServiceProcess } from './subscription-service.js';
export type { SubscriptionServiceProcess, SubscriptionServiceProcessOptions } from './subscription-service.js';
export { PendingEvents, startProcess } from './support.js';
export type { ProcessOptions, ServiceProcess } from './support.js';
