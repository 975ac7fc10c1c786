/**
 * Handles event FraudCheckCompleted@0.0.1, received by Checkout Orchestrator (checkout-orchestrator).
 *
 * Published when a payment has been screened for fraud, with the decision.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { FraudCheckCompleted } from "../../generated/types/fraud-check-completed.js";
import type { CheckoutOrchestratorContext } from "../../generated/services/checkout-orchestrator/index.js";
// catwire:end-managed-imports
import { CHECKOUT_EVENTS } from '../../system/domain/checkout-orchestrator/index.js';
import { producerDispatch } from '../../system/saga/index.js';
import { logIgnored } from '../../system/messaging.js';

export async function fraudCheckCompleted(payload: FraudCheckCompleted, ctx: CheckoutOrchestratorContext): Promise<void> {
  const { saga, logger } = ctx.deps;
  const result = await saga.handle(CHECKOUT_EVENTS.fraudCheckCompleted, payload, producerDispatch(ctx.producer));
  if (result.outcome === 'ignored') logIgnored(logger, 'checkout-orchestrator', ctx.envelope, result.reason);
}
