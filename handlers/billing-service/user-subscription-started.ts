/**
 * Handles event UserSubscriptionStarted@0.0.1, received by Billing Service (BillingService).
 *
 * Published when a customer's subscription becomes active.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { UserSubscriptionStarted } from "../../generated/types/user-subscription-started.js";
import type { BillingServiceContext } from "../../generated/services/billing-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function userSubscriptionStarted(payload: UserSubscriptionStarted, ctx: BillingServiceContext): Promise<void> {
  const { billing } = ctx.deps;
  const { invoices, paymentsDue } = billing.subscriptionStarted(payload);
  await emit(ctx.producer.publishInvoiceGenerated, invoices);
  await emit(ctx.producer.publishSubscriptionPaymentDue, paymentsDue);
}
