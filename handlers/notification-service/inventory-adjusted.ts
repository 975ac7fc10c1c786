/**
 * Handles event InventoryAdjusted@1.1.0, received by Notifications Service (NotificationService).
 *
 * Indicates a change in inventory level
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { InventoryAdjusted } from "../../generated/types/inventory-adjusted.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports

export async function inventoryAdjusted(payload: InventoryAdjusted, ctx: NotificationServiceContext): Promise<void> {
  throw new Error("not implemented: event InventoryAdjusted@1.1.0 in Notifications Service (NotificationService)");
}
