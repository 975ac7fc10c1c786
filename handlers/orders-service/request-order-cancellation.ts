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
import { emit, refusalText } from '../../system/messaging.js';

export async function requestOrderCancellation(payload: RequestOrderCancellation, ctx: OrdersServiceContext): Promise<void> {
  const { orders } = ctx.deps;
  const result = orders.requestCancellation(payload);
  // The order's state refuses it for good (e.g. already confirmed): no retry, and the refused
  // command waits in the order-change-refused dead letter where staff can see it.
  if (result.outcome === 'rejected') throw ctx.fail(refusalText(result), { deadLetter: 'order-change-refused' });
  await emit(ctx.producer.publishOrderCancelled, result.cancelled);
}
