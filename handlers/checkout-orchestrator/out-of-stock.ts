/**
 * Handles event OutOfStock@0.0.1, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Indicates that one or more products cannot be supplied from stock.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OutOfStock } from "../../generated/types/out-of-stock.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports

export async function outOfStock(payload: OutOfStock, ctx: CheckoutOrchestratorContext): Promise<void> {
  throw new Error("not implemented: event OutOfStock@0.0.1 in Checkout Orchestrator (checkout-orchestrator)");
}
