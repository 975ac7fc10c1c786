/**
 * The handlers of Billing Service (BillingService), one export per received message: pass this module
 * (`import * as handlers from ...`) where a BillingServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { paymentProcessed } from "./payment-processed.js";
export { userSubscriptionStarted } from "./user-subscription-started.js";
export { userSubscriptionCancelled } from "./user-subscription-cancelled.js";
