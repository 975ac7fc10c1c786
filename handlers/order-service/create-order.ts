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

export async function createOrder(payload: CreateOrder, ctx: OrderServiceContext): Promise<void> {
  throw new Error("not implemented: command create-order@1.0.0 in Order Service (order-service)");
}
