/**
 * The handlers of Promotions Service (promotions-service), one export per received message: pass this module
 * (`import * as handlers from ...`) where a PromotionsServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { calculateDiscount } from "./calculate-discount.js";
