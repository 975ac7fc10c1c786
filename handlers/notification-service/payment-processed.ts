/**
 * Handles event PaymentProcessed@0.0.1, received by Notifications Service (NotificationService).
 *
 * Published when money has been collected from the customer.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentProcessed } from "../../generated/types/payment-processed.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function paymentProcessed(payload: PaymentProcessed, ctx: NotificationServiceContext): Promise<void> {
  const { notifier } = ctx.deps;
  const { notifications } = notifier.paymentProcessed(payload);
  await emit(ctx.producer.publishNotificationSent, notifications);
}
