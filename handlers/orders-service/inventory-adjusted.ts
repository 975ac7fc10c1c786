/**
 * Handles event InventoryAdjusted@1.1.0, received by Orders Service (OrdersService).
 *
 * Indicates a change in inventory level
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { InventoryAdjusted } from "../../generated/types/inventory-adjusted.js";
import type { OrdersServiceContext } from "../../generated/services/orders-service/index.js";
// catwire:end-managed-imports

export async function inventoryAdjusted(payload: InventoryAdjusted, ctx: OrdersServiceContext): Promise<void> {
  const { orders } = ctx.deps;
  orders.inventoryAdjusted(payload);
}
