/**
 * Handles event PaymentProcessed@0.0.1, received by Billing Service (BillingService).
 *
 * Published when money has been collected from the customer.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentProcessed } from "../../generated/types/payment-processed.js";
import type { BillingServiceContext } from "../../generated/services/billing-service/index.js";
// catwire:end-managed-imports
import { logIgnored } from '../../system/messaging.js';

export async function paymentProcessed(payload: PaymentProcessed, ctx: BillingServiceContext): Promise<void> {
  const { billing, logger } = ctx.deps;
  const outcome = billing.paymentProcessed(payload);
  if (outcome === 'ignored') logIgnored(logger, 'BillingService', ctx.envelope, 'not an invoice of this service');
}
