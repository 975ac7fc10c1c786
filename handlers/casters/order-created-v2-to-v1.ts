/**
 * The caster that downcasts order-created 2.0.0 to 1.0.0, while other services still use the older major.
 * catwire could not derive it from the schemas: field "items" uses $ref, which is not compared.
 *
 * This file is yours: `catwire generate` created it once and never rewrites it. The contract
 * tests fail until it no longer throws; the next generate after the last pin moves stops using it.
 */
// catwire:managed-imports (updated by catwire generate)
import type { OrderCreatedV100 } from "../../generated/types/order-created-v1-0-0.js";
import type { OrderCreated } from "../../generated/types/order-created.js";
// catwire:end-managed-imports

// 2.0.0 renamed shippingAddress to deliveryAddress and added discountTotal; every other field,
// $ref'd lines and money included, kept its shape. 1.0.0 forbids unknown properties, so
// discountTotal is left out rather than carried along.
export function downcastOrderCreatedV2ToV1(payload: OrderCreated): OrderCreatedV100 {
  const { deliveryAddress, discountTotal: _dropped, ...unchanged } = payload;
  return { ...unchanged, shippingAddress: deliveryAddress };
}
