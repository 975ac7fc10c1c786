/**
 * Handles command capture-payment@1.0.0, received by Payment Service (PaymentService).
 *
 * Command to take the money for a confirmed order from its payment authorization.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CapturePayment } from "../../generated/types/capture-payment.js";
import type { PaymentServiceContext } from "../../generated/services/payment-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function capturePayment(payload: CapturePayment, ctx: PaymentServiceContext): Promise<void> {
  const { payments } = ctx.deps;
  const result = payments.capture(payload);
  await emit(ctx.producer.publishPaymentProcessed, result.processed);
}
