/**
 * Handles event order-cancelled@1.0.0, received by Notifications Service (NotificationService).
 *
 * Published when an order has been cancelled.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderingOrderCancelled } from "../../generated/types/ordering-order-cancelled.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function orderCancelled(payload: OrderingOrderCancelled, ctx: NotificationServiceContext): Promise<void> {
  const { notifier } = ctx.deps;
  const { notifications } = notifier.orderCancelled(payload);
  await emit(ctx.producer.publishNotificationSent, notifications);
}
