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
import { CHECKOUT_EVENTS } from '../../system/domain/checkout-orchestrator/index.js';
import { producerDispatch } from '../../system/saga/index.js';
import { logIgnored } from '../../system/messaging.js';

export async function orderCancelled(payload: OrderCancelled, ctx: CheckoutOrchestratorContext): Promise<void> {
  const { saga, logger } = ctx.deps;
  const result = await saga.handle(CHECKOUT_EVENTS.orderCancelled, payload, producerDispatch(ctx.producer));
  if (result.outcome === 'ignored') logIgnored(logger, 'checkout-orchestrator', ctx.envelope, result.reason);
}
