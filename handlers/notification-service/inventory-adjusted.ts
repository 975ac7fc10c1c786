/**
 * Handles event InventoryAdjusted@1.1.0, received by Notifications Service (NotificationService).
 *
 * Indicates a change in inventory level
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { InventoryAdjusted } from "../../generated/types/inventory-adjusted.js";
import type { NotificationServiceContext } from "../../generated/services/notification-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function inventoryAdjusted(payload: InventoryAdjusted, ctx: NotificationServiceContext): Promise<void> {
  const { notifier } = ctx.deps;
  const { notifications } = notifier.inventoryAdjusted(payload, ctx.envelope.messageId);
  await emit(ctx.producer.publishNotificationSent, notifications);
}
