/**
 * Handles event payment-authorized@1.0.0, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Published when the payment provider has authorized (but not captured) a checkout payment.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentAuthorized } from "../../generated/types/payment-authorized.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports

export async function paymentAuthorized(payload: PaymentAuthorized, ctx: CheckoutOrchestratorContext): Promise<void> {
  throw new Error("not implemented: event payment-authorized@1.0.0 in Checkout Orchestrator (checkout-orchestrator)");
}
