/**
 * The handlers of Inventory Service (InventoryService), one export per received message: pass this module
 * (`import * as handlers from ...`) where an InventoryServiceHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { reserveInventory } from "./reserve-inventory.js";
export { releaseInventory } from "./release-inventory.js";
export { orderConfirmed } from "./order-confirmed.js";
export { orderAmended } from "./order-amended.js";
export { orderCompleted } from "./order-completed.js";
export { userSignedUp } from "./user-signed-up.js";
