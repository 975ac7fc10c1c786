/**
 * The handlers of Cart API (cart-api), one export per received message: pass this module
 * (`import * as handlers from ...`) where a CartApiHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { checkoutCart } from "./checkout-cart.js";
export { addItemToCart } from "./add-item-to-cart.js";
export { removeItemFromCart } from "./remove-item-from-cart.js";
