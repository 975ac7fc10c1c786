/**
 * Handles event SubscriptionPaymentDue@0.0.1, received by Payment Service (PaymentService).
 *
 * Published when a subscription invoice is due and should be charged.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { SubscriptionPaymentDue } from "../../generated/types/subscription-payment-due.js";
import type { PaymentServiceContext } from "../../generated/services/payment-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function subscriptionPaymentDue(payload: SubscriptionPaymentDue, ctx: PaymentServiceContext): Promise<void> {
  const { payments, logger } = ctx.deps;
  const result = payments.charge(payload);
  if (result.outcome === 'charged') await emit(ctx.producer.publishPaymentProcessed, result.processed);
  else logger.info('subscription-charge-declined', { invoiceId: payload.invoiceId, attempt: result.attempt, reason: result.reason, messageId: ctx.envelope.messageId });
}
