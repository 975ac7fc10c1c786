/**
 * Handles event order-created@1.0.0, received by Orders Service (OrdersService).
 *
 * Published when a new order has been created.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderCreated } from "../../generated/types/order-created.js";
import type { OrdersServiceContext } from "../../generated/services/orders-service/index.js";
// catwire:end-managed-imports

export async function orderCreated(payload: OrderCreated, ctx: OrdersServiceContext): Promise<void> {
  const { orders, logger } = ctx.deps;
  const outcome = orders.orderCreated(payload);
  logger.debug('order-care-opened', { orderId: payload.orderId, outcome, messageId: ctx.envelope.messageId });
}
