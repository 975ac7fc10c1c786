/**
 * Handles event order-completed@1.0.0, received by Inventory Service (InventoryService).
 *
 * Published when an order has been fulfilled and completed.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderCompleted } from "../../generated/types/order-completed.js";
import type { InventoryServiceContext } from "../../generated/services/inventory-service/index.js";
// catwire:end-managed-imports

export async function orderCompleted(payload: OrderCompleted, ctx: InventoryServiceContext): Promise<void> {
  throw new Error("not implemented: event order-completed@1.0.0 in Inventory Service (InventoryService)");
}
