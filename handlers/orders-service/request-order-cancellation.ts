/**
 * Handles command RequestOrderCancellation@0.0.1, received by Orders Service (OrdersService).
 *
 * Command from a customer or support agent asking to cancel an unconfirmed order.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { RequestOrderCancellation } from "../../generated/types/request-order-cancellation.js";
import type { OrdersServiceContext } from "../../generated/services/orders-service/index.js";
// catwire:end-managed-imports
import { emit, logRefusal } from '../../system/messaging.js';

export async function requestOrderCancellation(payload: RequestOrderCancellation, ctx: OrdersServiceContext): Promise<void> {
  const { orders, logger } = ctx.deps;
  const result = orders.requestCancellation(payload);
  if (result.outcome === 'cancelled') await emit(ctx.producer.publishOrderCancelled, result.cancelled);
  else logRefusal(logger, 'OrdersService', ctx.envelope, result);
}
