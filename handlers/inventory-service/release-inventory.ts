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
import { emit, logIgnored } from '../../system/messaging.js';

export async function releaseInventory(payload: ReleaseInventory, ctx: InventoryServiceContext): Promise<void> {
  const { inventory, logger } = ctx.deps;
  const result = inventory.release(payload);
  if (result.outcome === 'released') await emit(ctx.producer.publishInventoryAdjusted, result.adjustments);
  else logIgnored(logger, 'InventoryService', ctx.envelope, `reservation ${payload.reservationId} holds nothing (${result.status})`);
}
