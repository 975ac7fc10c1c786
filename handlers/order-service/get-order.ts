/**
 * Handles query get-order@1.0.0, received by Order Service (order-service).
 *
 * Query to fetch a single order by its identifier.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { GetOrder, GetOrderResponse } from "../../generated/types/get-order.js";
import type { OrderServiceContext } from "../../generated/services/order-service/index.js";
// catwire:end-managed-imports

export async function getOrder(payload: GetOrder, ctx: OrderServiceContext): Promise<GetOrderResponse> {
  const { store } = ctx.deps;
  return store.getOrder(payload.orderId);
}
