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
import { emit, logIgnored } from '../../system/messaging.js';

export async function reserveInventory(payload: ReserveInventory, ctx: InventoryServiceContext): Promise<void> {
  const { inventory, logger } = ctx.deps;
  const result = inventory.reserve(payload);
  if (result.outcome === 'reserved') {
    await emit(ctx.producer.publishInventoryAdjusted, result.adjustments);
    await emit(ctx.producer.publishInventoryReserved, result.reserved);
  } else if (result.outcome === 'out_of_stock') {
    await emit(ctx.producer.publishOutOfStock, result.outOfStock);
  } else {
    logIgnored(logger, 'InventoryService', ctx.envelope, `reservation ${payload.reservationId} is ${result.status}`);
  }
}
