/**
 * Handles event order-cancelled@1.0.0, received by Orders Service (OrdersService).
 *
 * Published when an order has been cancelled.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderingOrderCancelled } from "../../generated/types/ordering-order-cancelled.js";
import type { OrdersServiceContext } from "../../generated/services/orders-service/index.js";
// catwire:end-managed-imports

export async function orderCancelled(payload: OrderingOrderCancelled, ctx: OrdersServiceContext): Promise<void> {
  const { orders, logger } = ctx.deps;
  const outcome = orders.orderCancelled(payload);
  logger.debug('order-care-closed', { orderId: payload.orderId, outcome, messageId: ctx.envelope.messageId });
}
