/**
 * The handlers of Fraud Detection Service (FraudDetectionService), one export per received message: pass this module
 * (`import * as handlers from ...`) where a FraudDetectionServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { paymentInitiated } from "./payment-initiated.js";
