/**
 * Handles command void-payment@1.0.0, received by Payment Service (PaymentService).
 *
 * Compensation command to release a payment authorization without taking the money.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { VoidPayment } from "../../generated/types/void-payment.js";
import type { PaymentServiceContext } from "../../generated/services/payment-service/index.js";
// catwire:end-managed-imports

export async function voidPayment(payload: VoidPayment, ctx: PaymentServiceContext): Promise<void> {
  const { payments, logger } = ctx.deps;
  const result = payments.void(payload);
  logger.info('payment-void', { paymentId: payload.paymentId, ...result, messageId: ctx.envelope.messageId });
}
