/**
 * Handles event UserSignedUp@0.0.1, received by Inventory Service (InventoryService).
 *
 * Published when a new customer account has been created.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { UserSignedUp } from "../../generated/types/user-signed-up.js";
import type { InventoryServiceContext } from "../../generated/services/inventory-service/index.js";
// catwire:end-managed-imports

export async function userSignedUp(payload: UserSignedUp, ctx: InventoryServiceContext): Promise<void> {
  const { inventory, logger } = ctx.deps;
  const warehouseId = inventory.registerCustomer(payload);
  logger.debug('customer-warehouse-set', { customerId: payload.userId, warehouseId, messageId: ctx.envelope.messageId });
}
