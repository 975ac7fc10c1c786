/**
 * Handles event inventory-reserved@1.0.0, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Published when stock has been reserved for every item of a checkout.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { InventoryReserved } from "../../generated/types/inventory-reserved.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports

export async function inventoryReserved(payload: InventoryReserved, ctx: CheckoutOrchestratorContext): Promise<void> {
  throw new Error("not implemented: event inventory-reserved@1.0.0 in Checkout Orchestrator (checkout-orchestrator)");
}
