/**
 * Handles command start-checkout@1.0.0, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Command from the Checkout API asking the orchestrator to run the checkout saga for a cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { StartCheckout } from "../../generated/types/start-checkout.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports
import { producerDispatch } from '../../system/saga/index.js';
import { logIgnored } from '../../system/messaging.js';

export async function startCheckout(payload: StartCheckout, ctx: CheckoutOrchestratorContext): Promise<void> {
  const { saga, logger } = ctx.deps;
  const result = await saga.start(payload, producerDispatch(ctx.producer));
  if (result.outcome === 'ignored') logIgnored(logger, 'checkout-orchestrator', ctx.envelope, result.reason);
}
