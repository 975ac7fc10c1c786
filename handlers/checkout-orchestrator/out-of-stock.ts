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
import { CHECKOUT_EVENTS } from '../../system/domain/checkout-orchestrator/index.js';
import { producerDispatch } from '../../system/saga/index.js';
import { logIgnored } from '../../system/messaging.js';

export async function outOfStock(payload: OutOfStock, ctx: CheckoutOrchestratorContext): Promise<void> {
  const { saga, logger } = ctx.deps;
  const result = await saga.handle(CHECKOUT_EVENTS.outOfStock, payload, producerDispatch(ctx.producer));
  if (result.outcome === 'ignored') logIgnored(logger, 'checkout-orchestrator', ctx.envelope, result.reason);
}
