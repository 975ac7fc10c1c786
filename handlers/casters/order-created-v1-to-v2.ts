/**
 * The record upcaster of order-created: an outbox row written as 1.0.0 by the Order Service
 * before its upgrade to 2.0.0 is published by the new code through this caster (docs/versions.md).
 * catwire cannot derive it, since 2.0.0 requires discountTotal, which 1.0.0 does not state; it
 * follows from the lines, as the order store computes it: the sum of the line discounts, in the
 * order's currency (the total was already net of them).
 */
import type { OrderCreatedV100 } from '../../generated/types/order-created-v1-0-0.js';
import type { OrderCreated } from '../../generated/types/order-created.js';

export function upcastOrderCreatedV1ToV2(payload: OrderCreatedV100): OrderCreated {
  const { shippingAddress, ...unchanged } = payload;
  const discount = payload.items.reduce((sum, line) => sum + (line.discount?.amount ?? 0), 0);
  return { ...unchanged, deliveryAddress: shippingAddress, discountTotal: { amount: discount, currency: payload.total.currency } };
}
