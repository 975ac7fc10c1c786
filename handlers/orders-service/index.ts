/**
 * The handlers of Orders Service (OrdersService), one export per received message: pass this module
 * (`import * as handlers from ...`) where an OrdersServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { amendOrder } from "./amend-order.js";
export { confirmOrder } from "./confirm-order.js";
export { requestOrderCancellation } from "./request-order-cancellation.js";
export { orderCreated } from "./order-created.js";
export { orderCancelled } from "./order-cancelled.js";
export { inventoryAdjusted } from "./inventory-adjusted.js";
