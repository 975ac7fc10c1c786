/**
 * Handles event PaymentProcessed@0.0.1, received by Subscription Service (SubscriptionService).
 *
 * Published when money has been collected from the customer.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentProcessed } from "../../generated/types/payment-processed.js";
import type { SubscriptionServiceContext } from "../../generated/services/subscription-service/index.js";
// catwire:end-managed-imports
import { logIgnored } from '../../system/messaging.js';

export async function paymentProcessed(payload: PaymentProcessed, ctx: SubscriptionServiceContext): Promise<void> {
  const { subscriptions, logger } = ctx.deps;
  const result = subscriptions.paymentProcessed(payload);
  if (result.outcome === 'ignored') logIgnored(logger, 'SubscriptionService', ctx.envelope, result.reason);
}
