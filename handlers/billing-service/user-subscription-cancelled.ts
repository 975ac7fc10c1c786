/**
 * Handles event UserSubscriptionCancelled@0.0.1, received by Billing Service (BillingService).
 *
 * Published when a customer's subscription has been cancelled.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { UserSubscriptionCancelled } from "../../generated/types/user-subscription-cancelled.js";
import type { BillingServiceContext } from "../../generated/services/billing-service/index.js";
// catwire:end-managed-imports

export async function userSubscriptionCancelled(payload: UserSubscriptionCancelled, ctx: BillingServiceContext): Promise<void> {
  const { billing, logger } = ctx.deps;
  const { outcome, voided } = billing.subscriptionCancelled(payload);
  logger.debug('billing-schedule-closed', { subscriptionId: payload.subscriptionId, outcome, voided, messageId: ctx.envelope.messageId });
}
