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
import { CHECKOUT_EVENTS } from '../../system/domain/checkout-orchestrator/index.js';
import { producerDispatch } from '../../system/saga/index.js';
import { logIgnored } from '../../system/messaging.js';

export async function paymentDeclined(payload: PaymentDeclined, ctx: CheckoutOrchestratorContext): Promise<void> {
  const { saga, logger } = ctx.deps;
  const result = await saga.handle(CHECKOUT_EVENTS.paymentDeclined, payload, producerDispatch(ctx.producer));
  if (result.outcome === 'ignored') logIgnored(logger, 'checkout-orchestrator', ctx.envelope, result.reason);
}
