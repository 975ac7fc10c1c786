/**
 * Handles command cancel-order@1.0.0, received by Order Service (order-service).
 *
 * Command to cancel an order, or to record that a checkout ended without one.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CancelOrder } from "../../generated/types/cancel-order.js";
import type { OrderServiceContext } from "../../generated/services/order-service/index.js";
// catwire:end-managed-imports
import { messageMeta } from '../../system/domain/order-service/index.js';

export async function cancelOrder(payload: CancelOrder, ctx: OrderServiceContext): Promise<void> {
  const { store, logger } = ctx.deps;
  const result = await store.cancelOrder(payload, messageMeta(ctx.envelope));
  if (result.outcome === 'refused') {
    logger.info('command-refused', { service: 'order-service', message: ctx.envelope.type, orderId: payload.orderId, reason: 'order_completed' });
  } else if (result.outcome === 'already_cancelled') {
    logger.debug('command-duplicate', { service: 'order-service', message: ctx.envelope.type, orderId: payload.orderId, messageId: ctx.envelope.messageId });
  }
}
