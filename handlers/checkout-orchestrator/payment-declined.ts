/**
 * Handles event payment-declined@1.0.0, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Published when the payment provider refused to authorize a checkout payment.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentDeclined } from "../../generated/types/payment-declined.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports

export async function paymentDeclined(payload: PaymentDeclined, ctx: CheckoutOrchestratorContext): Promise<void> {
  throw new Error("not implemented: event payment-declined@1.0.0 in Checkout Orchestrator (checkout-orchestrator)");
}
