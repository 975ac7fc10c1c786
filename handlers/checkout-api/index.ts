/**
 * The handlers of Checkout API (checkout-api), one export per received message: pass this module
 * (`import * as handlers from ...`) where a CheckoutApiHandlers is expected.
 *
 * This file is yours; `catwire generate` only appends exports for new messages.
 */
export { cartCheckedOut } from "./cart-checked-out.js";
