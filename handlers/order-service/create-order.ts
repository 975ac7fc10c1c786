/**
 * Handles command create-order@1.0.0, received by Order Service (order-service).
 *
 * Command to create a new order from a checked-out cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CreateOrder } from "../../generated/types/create-order.js";
import type { OrderServiceContext } from "../../generated/services/order-service/index.js";
// catwire:end-managed-imports
import { messageMeta } from '../../system/domain/order-service/index.js';

export async function createOrder(payload: CreateOrder, ctx: OrderServiceContext): Promise<void> {
  const { store, logger } = ctx.deps;
  // The order row and its order-created outbox row commit together; the relay publishes the event.
  const result = await store.createOrder(payload, messageMeta(ctx.envelope));
  if (result.outcome === 'refused') {
    logger.info('command-refused', { service: 'order-service', message: ctx.envelope.type, orderId: payload.orderId, reason: 'checkout_cancelled' });
  } else if (result.outcome === 'duplicate') {
    logger.debug('command-duplicate', { service: 'order-service', message: ctx.envelope.type, orderId: payload.orderId, messageId: ctx.envelope.messageId });
  }
}
