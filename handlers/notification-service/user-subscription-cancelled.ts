/**
 * Handles event UserSubscriptionCancelled@0.0.1, received by Notifications Service (NotificationService).
 *
 * Published when a customer's subscription has been cancelled.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { UserSubscriptionCancelled } from "../../generated/types/user-subscription-cancelled.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function userSubscriptionCancelled(payload: UserSubscriptionCancelled, ctx: NotificationServiceContext): Promise<void> {
  const { notifier } = ctx.deps;
  const { notifications } = notifier.subscriptionCancelled(payload);
  await emit(ctx.producer.publishNotificationSent, notifications);
}
