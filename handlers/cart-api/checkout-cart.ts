/**
 * Handles command checkout-cart@1.0.0, received by Cart API (cart-api).
 *
 * Command to check out a shopping cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CheckoutCart } from "../../generated/types/checkout-cart.js";
import type { CartApiContext } from "../../generated/services/cart-api/index.js";
// catwire:end-managed-imports
import { emit, logRefusal } from '../../system/messaging.js';

export async function checkoutCart(payload: CheckoutCart, ctx: CartApiContext): Promise<void> {
  const { carts, logger, pricingAttempts } = ctx.deps;
  for (let attempt = 1; attempt <= pricingAttempts; attempt++) {
    const begun = carts.beginCheckout(payload);
    if (begun.outcome === 'rejected') return logRefusal(logger, 'cart-api', ctx.envelope, begun);
    if (begun.outcome === 'checked_out') return emit(ctx.producer.publishCartCheckedOut, begun.checkedOut);
    const discounts = await ctx.producer.requestCalculateDiscount(begun.query);
    const completed = carts.completeCheckout(payload, begun.version, discounts);
    if (completed.outcome === 'rejected') return logRefusal(logger, 'cart-api', ctx.envelope, completed);
    if (completed.outcome === 'checked_out') return emit(ctx.producer.publishCartCheckedOut, completed.checkedOut);
    // stale: the cart changed while it was priced; price it again
  }
  throw new Error(`cart ${payload.cartId} kept changing while it was priced (${pricingAttempts} attempts)`);
}
