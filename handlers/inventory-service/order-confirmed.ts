/**
 * Handles event OrderConfirmed@0.0.1, received by Inventory Service (InventoryService).
 *
 * Indicates an order has been confirmed
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderConfirmed } from "../../generated/types/order-confirmed.js";
import type { InventoryServiceContext } from "../../generated/services/inventory-service/index.js";
// catwire:end-managed-imports
import { emit, logIgnored } from '../../system/messaging.js';

export async function orderConfirmed(payload: OrderConfirmed, ctx: InventoryServiceContext): Promise<void> {
  const { inventory, logger } = ctx.deps;
  const result = inventory.allocate(payload);
  if (result.outcome === 'applied') await emit(ctx.producer.publishInventoryAdjusted, result.adjustments);
  else logIgnored(logger, 'InventoryService', ctx.envelope, result.reason);
}
