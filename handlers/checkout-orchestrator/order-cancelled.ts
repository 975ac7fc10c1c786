/**
 * Handles event OrderCancelled@0.0.1, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Indicates an order has been canceled
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderCancelled } from "../../generated/types/order-cancelled.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports

export async function orderCancelled(payload: OrderCancelled, ctx: CheckoutOrchestratorContext): Promise<void> {
  throw new Error("not implemented: event OrderCancelled@0.0.1 in Checkout Orchestrator (checkout-orchestrator)");
}
