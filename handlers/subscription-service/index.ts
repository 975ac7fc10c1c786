/**
 * The handlers of Subscription Service (SubscriptionService), one export per received message: pass this module
 * (`import * as handlers from ...`) where a SubscriptionServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { paymentProcessed } from "./payment-processed.js";
export { requestSubscriptionCancellation } from "./request-subscription-cancellation.js";
