/**
 * Process wiring of the example system's services: each `start<Service>Process(transport,
 * options)` is a row of one starter (starter.ts) that builds what the service's handlers get as
 * `deps` and starts the generated service with them.
 */
export {
  startBillingServiceProcess,
  startCartApiProcess,
  startCheckoutApiProcess,
  startFraudDetectionServiceProcess,
  startInventoryServiceProcess,
  startNotificationServiceProcess,
  startOrdersServiceProcess,
  startPaymentServiceProcess,
  startPromotionsServiceProcess,
  startSubscriptionServiceProcess,
  type BillingServiceProcess,
  type BillingServiceProcessOptions,
  type CartApiProcess,
  type CartApiProcessOptions,
  type CheckoutApiProcess,
  type CheckoutApiProcessOptions,
  type DomainProcess,
  type DomainProcessOptions,
  type FraudDetectionServiceProcess,
  type FraudDetectionServiceProcessOptions,
  type InventoryServiceProcess,
  type InventoryServiceProcessOptions,
  type NotificationServiceProcess,
  type NotificationServiceProcessOptions,
  type OrdersServiceProcess,
  type OrdersServiceProcessOptions,
  type PaymentServiceProcess,
  type PaymentServiceProcessOptions,
  type PromotionsServiceProcess,
  type PromotionsServiceProcessOptions,
  type SubscriptionServiceProcess,
  type SubscriptionServiceProcessOptions,
} from './domain-processes.js';
export {
  startCheckoutOrchestratorProcess,
  startOrderServiceProcess,
  type CheckoutOrchestratorProcess,
  type CheckoutOrchestratorProcessOptions,
  type OrderServiceProcess,
  type OrderServiceProcessOptions,
} from './database-processes.js';
export { startPlaceAnOrderServices, type PlaceAnOrderOptions, type PlaceAnOrderServices } from './place-an-order.js';
export { serviceProcess, type ProcessRow, type RowContext, type StartProcess, type StopHooks } from './starter.js';
export { PendingEvents, type ProcessOptions, type ServiceProcess } from './support.js';
