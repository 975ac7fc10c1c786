/**
 * The handlers of Payment Service (PaymentService), one export per received message: pass this module
 * (`import * as handlers from ...`) where a PaymentServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { paymentInitiated } from "./payment-initiated.js";
export { authorizePayment } from "./authorize-payment.js";
export { capturePayment } from "./capture-payment.js";
export { voidPayment } from "./void-payment.js";
export { subscriptionPaymentDue } from "./subscription-payment-due.js";
