/**
 * The handlers of Notifications Service (NotificationService), one export per received message: pass this module
 * (`import * as handlers from ...`) where a NotificationServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { inventoryAdjusted } from "./inventory-adjusted.js";
export { paymentProcessed } from "./payment-processed.js";
export { userSubscriptionCancelled } from "./user-subscription-cancelled.js";
export { orderCreated } from "./order-created.js";
export { orderCancelled } from "./order-cancelled.js";
