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

export async function checkoutCart(payload: CheckoutCart, ctx: CartApiContext): Promise<void> {
  throw new Error("not implemented: command checkout-cart@1.0.0 in Cart API (cart-api)");
}
