/**
 * Handles command authorize-payment@1.0.0, received by Payment Service (PaymentService).
 *
 * Command to authorize payment for the total of a checked-out cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { AuthorizePayment } from "../../generated/types/authorize-payment.js";
import type { PaymentServiceContext } from "../../generated/services/payment-service/index.js";
// catwire:end-managed-imports
import { emit, logIgnored } from '../../system/messaging.js';

export async function authorizePayment(payload: AuthorizePayment, ctx: PaymentServiceContext): Promise<void> {
  const { payments, logger } = ctx.deps;
  const result = payments.authorize(payload);
  if (result.outcome === 'authorized') await emit(ctx.producer.publishPaymentAuthorized, result.authorized);
  else if (result.outcome === 'declined') await emit(ctx.producer.publishPaymentDeclined, result.declined);
  else logIgnored(logger, 'PaymentService', ctx.envelope, `payment ${payload.paymentId} is ${result.status}`);
}
