/**
 * Handles command add-item-to-cart@1.0.0, received by Cart API (cart-api).
 *
 * Command to add a quantity of a product to a cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { AddItemToCart } from "../../generated/types/add-item-to-cart.js";
import type { CartApiContext } from "../../generated/services/cart-api/index.js";
// catwire:end-managed-imports
import { logRefusal } from '../../system/messaging.js';

export async function addItemToCart(payload: AddItemToCart, ctx: CartApiContext): Promise<void> {
  const { carts, logger } = ctx.deps;
  const result = carts.addItem(payload, ctx.envelope.messageId);
  if (result.outcome === 'rejected') logRefusal(logger, 'cart-api', ctx.envelope, result);
}
