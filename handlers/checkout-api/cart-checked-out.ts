/**
 * Handles event cart-checked-out@1.0.0, received by Checkout API (checkout-api).
 *
 * Published when a customer has checked out their cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CartCheckedOut } from "../../generated/types/cart-checked-out.js";
import type { CheckoutApiContext } from "../../generated/services/checkout-api/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function cartCheckedOut(payload: CartCheckedOut, ctx: CheckoutApiContext): Promise<void> {
  const { intake } = ctx.deps;
  const { startCheckout } = intake.accept(payload);
  await emit(ctx.producer.sendStartCheckout, startCheckout);
}
