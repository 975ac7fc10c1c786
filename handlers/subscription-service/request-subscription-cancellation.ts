/**
 * Handles command RequestSubscriptionCancellation@0.0.1, received by Subscription Service (SubscriptionService).
 *
 * Command from a customer asking to cancel their subscription.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { RequestSubscriptionCancellation } from "../../generated/types/request-subscription-cancellation.js";
import type { SubscriptionServiceContext } from "../../generated/services/subscription-service/index.js";
// catwire:end-managed-imports
import { emit, logRefusal } from '../../system/messaging.js';

export async function requestSubscriptionCancellation(payload: RequestSubscriptionCancellation, ctx: SubscriptionServiceContext): Promise<void> {
  const { subscriptions, logger } = ctx.deps;
  const result = subscriptions.requestCancellation(payload);
  if (result.outcome === 'cancelled') await emit(ctx.producer.publishUserSubscriptionCancelled, result.cancelled);
  else logRefusal(logger, 'SubscriptionService', ctx.envelope, result);
}
