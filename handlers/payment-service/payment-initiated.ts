/**
 * Handles event PaymentInitiated@0.0.1, received by Payment Service (PaymentService).
 *
 * Published when a checkout starts paying, so that the payment can be prepared and screened for fraud.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentInitiated } from "../../generated/types/payment-initiated.js";
import type { PaymentServiceContext } from "../../generated/services/payment-service/index.js";
// catwire:end-managed-imports

export async function paymentInitiated(payload: PaymentInitiated, ctx: PaymentServiceContext): Promise<void> {
  const { payments, logger } = ctx.deps;
  const { outcome } = payments.prepare(payload);
  logger.debug('payment-prepared', { paymentId: payload.paymentId, outcome, messageId: ctx.envelope.messageId });
}
