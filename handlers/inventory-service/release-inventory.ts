/**
 * Handles command release-inventory@1.0.0, received by Inventory Service (InventoryService).
 *
 * Compensation command to give back stock reserved for a checkout that will not complete.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { ReleaseInventory } from "../../generated/types/release-inventory.js";
import type { InventoryServiceContext } from "../../generated/services/inventory-service/index.js";
// catwire:end-managed-imports

export async function releaseInventory(payload: ReleaseInventory, ctx: InventoryServiceContext): Promise<void> {
  throw new Error("not implemented: command release-inventory@1.0.0 in Inventory Service (InventoryService)");
}
