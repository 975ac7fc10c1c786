/**
 * Handles command reserve-inventory@1.0.0, received by Inventory Service (InventoryService).
 *
 * Command to reserve stock for the items in a checked-out cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { ReserveInventory } from "../../generated/types/reserve-inventory.js";
import type { InventoryServiceContext } from "../../generated/services/inventory-service/index.js";
// catwire:end-managed-imports

export async function reserveInventory(payload: ReserveInventory, ctx: InventoryServiceContext): Promise<void> {
  throw new Error("not implemented: command reserve-inventory@1.0.0 in Inventory Service (InventoryService)");
}
