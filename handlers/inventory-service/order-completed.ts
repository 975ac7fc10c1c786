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
import { emit, logIgnored } from '../../system/messaging.js';

export async function orderCompleted(payload: OrderCompleted, ctx: InventoryServiceContext): Promise<void> {
  const { inventory, logger } = ctx.deps;
  const result = inventory.ship(payload);
  if (result.outcome === 'applied') await emit(ctx.producer.publishInventoryAdjusted, result.adjustments);
  else logIgnored(logger, 'InventoryService', ctx.envelope, result.reason);
}
