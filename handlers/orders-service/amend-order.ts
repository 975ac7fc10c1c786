/**
 * Handles command AmendOrder@0.0.1, received by Orders Service (OrdersService).
 *
 * Command to change an order that has not been confirmed yet.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { AmendOrder } from "../../generated/types/amend-order.js";
import type { OrdersServiceContext } from "../../generated/services/orders-service/index.js";
// catwire:end-managed-imports
import { emit, logRefusal } from '../../system/messaging.js';

export async function amendOrder(payload: AmendOrder, ctx: OrdersServiceContext): Promise<void> {
  const { orders, logger } = ctx.deps;
  const result = orders.amend(payload, ctx.envelope.messageId);
  if (result.outcome === 'amended') await emit(ctx.producer.publishOrderAmended, result.amended);
  else logRefusal(logger, 'OrdersService', ctx.envelope, result);
}
