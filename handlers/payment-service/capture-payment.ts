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
import { PaymentStateError } from '../../system/domain/payment-service/index.js';
import { emit } from '../../system/messaging.js';

export async function capturePayment(payload: CapturePayment, ctx: PaymentServiceContext): Promise<void> {
  const { payments } = ctx.deps;
  let result;
  try {
    result = payments.capture(payload);
  } catch (err) {
    // A capture the payment's state forbids (voided, unknown, more than authorized) never succeeds
    // on retry: it goes at once to the capture-refused dead letter, where it is investigated.
    if (err instanceof PaymentStateError) throw ctx.fail(err.message, { deadLetter: 'capture-refused', cause: err });
    throw err;
  }
  await emit(ctx.producer.publishPaymentProcessed, result.processed);
}
