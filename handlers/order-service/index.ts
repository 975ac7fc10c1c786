/**
 * The handlers of Order Service (order-service), one export per received message: pass this module
 * (`import * as handlers from ...`) where an OrderServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { createOrder } from "./create-order.js";
export { cancelOrder } from "./cancel-order.js";
export { getOrder } from "./get-order.js";
