/**
 * Handles event order-created@1.0.0, received by Notifications Service (NotificationService).
 *
 * Published when a new order has been created.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderCreatedV100 } from "../../generated/types/order-created-v1-0-0.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function orderCreated(payload: OrderCreatedV100, ctx: NotificationServiceContext): Promise<void> {
  const { notifier } = ctx.deps;
  const { notifications } = notifier.orderCreated(payload);
  await emit(ctx.producer.publishNotificationSent, notifications);
}
