/**
 * Checkout API domain: turns each checked-out cart into exactly one checkout.
 *
 * cart-checked-out → a checkout with ids allocated from the cart id (so a redelivered event, or
 * the same cart seen again, maps to the same checkout and order) → start-checkout for the
 * Checkout Orchestrator with the cart's priced lines, total, address and payment method. A
 * repeated cart yields the stored start-checkout under the same message id. The storefront polls
 * the outcome by checkout id; the order id to ask the Order Service about (get-order) comes from here.
 */
import type { CartCheckedOut } from '../../../generated/types/cart-checked-out.js';
import type { StartCheckout } from '../../../generated/types/start-checkout.js';
import { iso, stableId, systemClock, type Clock, type Emitted } from '../shared/index.js';

export interface CheckoutIntakeOptions {
  readonly now?: Clock;
}

export interface Checkout {
  readonly checkoutId: string;
  readonly orderId: string;
  readonly cartId: string;
  readonly customerId: string;
  readonly requestedAt: string;
}

export interface AcceptResult {
  readonly duplicate: boolean;
  readonly checkout: Checkout;
  readonly startCheckout: Emitted<StartCheckout>;
}

export class CheckoutIntake {
  private readonly now: Clock;
  private readonly byCart = new Map<string, AcceptResult>();
  private readonly byCheckout = new Map<string, Checkout>();

  constructor(options: CheckoutIntakeOptions = {}) {
    this.now = options.now ?? systemClock;
  }

  checkout(checkoutId: string): Checkout | undefined {
    return this.byCheckout.get(checkoutId);
  }

  checkoutForCart(cartId: string): Checkout | undefined {
    return this.byCart.get(cartId)?.checkout;
  }

  /** cart-checked-out. */
  accept(event: CartCheckedOut): AcceptResult {
    const seen = this.byCart.get(event.cartId);
    if (seen) return { ...seen, duplicate: true };
    const checkout: Checkout = {
      checkoutId: stableId('checkout', event.cartId),
      orderId: stableId('order', event.cartId),
      cartId: event.cartId,
      customerId: event.customerId,
      requestedAt: iso(this.now()),
    };
    const result: AcceptResult = {
      duplicate: false,
      checkout,
      startCheckout: {
        messageId: stableId('start-checkout', checkout.checkoutId),
        payload: {
          checkoutId: checkout.checkoutId,
          orderId: checkout.orderId,
          cartId: event.cartId,
          customerId: event.customerId,
          items: structuredClone(event.items),
          total: { ...event.total },
          shippingAddress: { ...event.shippingAddress },
          paymentMethod: { ...event.paymentMethod },
          requestedAt: checkout.requestedAt,
        },
      },
    };
    this.byCart.set(event.cartId, result);
    this.byCheckout.set(checkout.checkoutId, checkout);
    return result;
  }
}
