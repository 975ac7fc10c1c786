/**
 * The handlers of Checkout Orchestrator (checkout-orchestrator), one export per received message: pass this module
 * (`import * as handlers from ...`) where a CheckoutOrchestratorHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { startCheckout } from "./start-checkout.js";
export { inventoryReserved } from "./inventory-reserved.js";
export { outOfStock } from "./out-of-stock.js";
export { fraudCheckCompleted } from "./fraud-check-completed.js";
export { paymentAuthorized } from "./payment-authorized.js";
export { paymentDeclined } from "./payment-declined.js";
export { orderCreated } from "./order-created.js";
export { orderConfirmed } from "./order-confirmed.js";
export { orderCancelled } from "./order-cancelled.js";
