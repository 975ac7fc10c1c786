/**
 * Cart API domain: shopping carts priced from a price list.
 *
 * - add-item-to-cart creates the cart on first use (owned by that customer) and adds to the line
 *   of the product (one line per product, at most 999 units); the product must be on the price
 *   list with the same SKU.
 * - remove-item-from-cart removes the product's line (a no-op when it is not in the cart).
 * - checkout-cart is two steps around the calculate-discount query: `beginCheckout` checks the
 *   cart (it exists, belongs to the customer, is not empty, one currency) and returns the query;
 *   `completeCheckout` applies the answer. Product discounts go onto their lines, cart discounts
 *   only into `discountTotal`; total = subtotal - discountTotal. A rejected promotion code
 *   refuses the checkout (the cart stays open). On success the cart is locked and
 *   cart-checked-out is produced.
 *
 * Refusals change nothing and publish nothing. Idempotency: adds are deduplicated by command
 * (message) id; a checked-out cart answers every later checkout with its stored event (same
 * message id); a cart that changed while it was being priced is priced again (`stale`).
 */
import type { AddItemToCart } from '../../../generated/types/add-item-to-cart.js';
import type { CalculateDiscount, CalculateDiscountResponse } from '../../../generated/types/calculate-discount.js';
import type { CartCheckedOut } from '../../../generated/types/cart-checked-out.js';
import type { CheckoutCart } from '../../../generated/types/checkout-cart.js';
import type { RemoveItemFromCart } from '../../../generated/types/remove-item-from-cart.js';
import { iso, reject, stableId, systemClock, type Clock, type Emitted, type Money, type Rejection } from '../shared/index.js';

export interface Product {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: Money;
}

export interface CartsOptions {
  /** The price list. */
  readonly products?: readonly Product[];
  readonly now?: Clock;
}

export const MAX_LINE_QUANTITY = 999;

export type CartStatus = 'open' | 'checked_out';

export interface CartLine {
  readonly productId: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface CartView {
  readonly cartId: string;
  readonly customerId: string;
  readonly status: CartStatus;
  readonly version: number;
  readonly lines: readonly CartLine[];
}

export type AddResult =
  | { readonly outcome: 'added'; readonly duplicate: boolean; readonly cart: CartView }
  | Rejection<'not_owner' | 'locked' | 'unknown_product' | 'sku_mismatch' | 'quantity_limit'>;

export type RemoveResult =
  | { readonly outcome: 'removed' | 'not_in_cart'; readonly cart: CartView }
  | Rejection<'not_found' | 'not_owner' | 'locked'>;

export type CheckedOut = { readonly outcome: 'checked_out'; readonly duplicate: boolean; readonly checkedOut: Emitted<CartCheckedOut> };

export type BeginCheckoutResult =
  | { readonly outcome: 'price'; readonly version: number; readonly query: CalculateDiscount }
  | CheckedOut
  | Rejection<'not_found' | 'not_owner' | 'empty_cart' | 'mixed_currency' | 'unknown_product'>;

export type CompleteCheckoutResult =
  | CheckedOut
  /** The cart changed while it was priced: begin again. */
  | { readonly outcome: 'stale' }
  | Rejection<'not_found' | 'invalid_promotion_code' | 'invalid_discount'>;

interface Cart {
  cartId: string;
  customerId: string;
  status: CartStatus;
  version: number;
  lines: { productId: string; sku: string; quantity: number }[];
  applied: Set<string>;
  checkedOut?: Emitted<CartCheckedOut>;
}

export class Carts {
  private readonly products = new Map<string, Product>();
  private readonly carts = new Map<string, Cart>();
  private readonly now: Clock;

  constructor(options: CartsOptions = {}) {
    for (const product of options.products ?? []) this.products.set(product.productId, product);
    this.now = options.now ?? systemClock;
  }

  /** Adds or replaces a product on the price list. */
  setProduct(product: Product): void {
    this.products.set(product.productId, product);
  }

  cart(cartId: string): CartView | undefined {
    const cart = this.carts.get(cartId);
    return cart && view(cart);
  }

  /** add-item-to-cart; `commandId` is the command's message id. */
  addItem(command: AddItemToCart, commandId: string): AddResult {
    let cart = this.carts.get(command.cartId);
    if (cart?.applied.has(commandId)) return { outcome: 'added', duplicate: true, cart: view(cart) };
    if (cart && cart.customerId !== command.customerId) return reject('not_owner', `cart ${command.cartId} belongs to another customer`);
    if (cart?.status === 'checked_out') return reject('locked', `cart ${command.cartId} is checked out`);
    const product = this.products.get(command.productId);
    if (!product) return reject('unknown_product', `product ${command.productId} is not on the price list`);
    if (product.sku !== command.sku) return reject('sku_mismatch', `product ${command.productId} has SKU ${product.sku}, not ${command.sku}`);
    const line = cart?.lines.find((l) => l.productId === command.productId);
    if ((line?.quantity ?? 0) + command.quantity > MAX_LINE_QUANTITY) {
      return reject('quantity_limit', `at most ${MAX_LINE_QUANTITY} units of ${command.sku} per cart`);
    }
    if (!cart) {
      cart = { cartId: command.cartId, customerId: command.customerId, status: 'open', version: 0, lines: [], applied: new Set() };
      this.carts.set(cart.cartId, cart);
    }
    if (line) line.quantity += command.quantity;
    else cart.lines.push({ productId: command.productId, sku: command.sku, quantity: command.quantity });
    cart.version += 1;
    cart.applied.add(commandId);
    return { outcome: 'added', duplicate: false, cart: view(cart) };
  }

  /** remove-item-from-cart. */
  removeItem(command: RemoveItemFromCart): RemoveResult {
    const cart = this.carts.get(command.cartId);
    if (!cart) return reject('not_found', `cart ${command.cartId} is unknown`);
    if (cart.customerId !== command.customerId) return reject('not_owner', `cart ${command.cartId} belongs to another customer`);
    if (cart.status === 'checked_out') return reject('locked', `cart ${command.cartId} is checked out`);
    const before = cart.lines.length;
    cart.lines = cart.lines.filter((line) => line.productId !== command.productId);
    if (cart.lines.length === before) return { outcome: 'not_in_cart', cart: view(cart) };
    cart.version += 1;
    return { outcome: 'removed', cart: view(cart) };
  }

  /** checkout-cart, step 1: the calculate-discount query to ask (or the stored outcome). */
  beginCheckout(command: CheckoutCart): BeginCheckoutResult {
    const cart = this.carts.get(command.cartId);
    if (!cart) return reject('not_found', `cart ${command.cartId} is unknown`);
    if (cart.customerId !== command.customerId) return reject('not_owner', `cart ${command.cartId} belongs to another customer`);
    if (cart.checkedOut) return { outcome: 'checked_out', duplicate: true, checkedOut: cart.checkedOut };
    if (cart.lines.length === 0) return reject('empty_cart', `cart ${command.cartId} is empty`);
    const items: CalculateDiscount['items'] = [];
    for (const line of cart.lines) {
      const product = this.products.get(line.productId);
      if (!product) return reject('unknown_product', `product ${line.productId} is no longer on the price list`);
      items.push({ productId: line.productId, sku: line.sku, quantity: line.quantity, unitPrice: { ...product.unitPrice } });
    }
    if (new Set(items.map((item) => item.unitPrice.currency)).size > 1) return reject('mixed_currency', `cart ${command.cartId} has prices in several currencies`);
    return {
      outcome: 'price',
      version: cart.version,
      query: {
        cartId: cart.cartId,
        customerId: cart.customerId,
        ...(command.promotionCode !== undefined ? { promotionCode: command.promotionCode } : {}),
        items,
      },
    };
  }

  /** checkout-cart, step 2: applies the discounts, locks the cart and produces cart-checked-out. */
  completeCheckout(command: CheckoutCart, version: number, discounts: CalculateDiscountResponse): CompleteCheckoutResult {
    const cart = this.carts.get(command.cartId);
    if (!cart) return reject('not_found', `cart ${command.cartId} is unknown`);
    if (cart.checkedOut) return { outcome: 'checked_out', duplicate: true, checkedOut: cart.checkedOut };
    if (cart.version !== version) return { outcome: 'stale' };
    if (discounts.cartId !== cart.cartId) return reject('invalid_discount', `discounts for cart ${discounts.cartId}, not ${cart.cartId}`);
    if (discounts.rejectedPromotionCode) {
      const { code, reason } = discounts.rejectedPromotionCode;
      return reject('invalid_promotion_code', `promotion code ${code} does not apply: ${reason}`);
    }
    const items: CartCheckedOut['items'] = cart.lines.map((line) => {
      const product = this.products.get(line.productId) as Product;
      return { productId: line.productId, sku: line.sku, name: product.name, quantity: line.quantity, unitPrice: { ...product.unitPrice } };
    });
    const currency = items[0]?.unitPrice.currency ?? 'EUR';
    const subtotal = items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0);
    const relevant = discounts.discounts.filter((d) => d.amount.currency === currency);
    for (const item of items) {
      const gross = item.unitPrice.amount * item.quantity;
      const amount = Math.min(gross, relevant.filter((d) => d.productId === item.productId).reduce((sum, d) => sum + d.amount.amount, 0));
      if (amount > 0) item.discount = { amount, currency };
    }
    const discountTotal = Math.min(subtotal, relevant.reduce((sum, d) => sum + d.amount.amount, 0));
    cart.status = 'checked_out';
    cart.checkedOut = {
      messageId: stableId('cart-checked-out', cart.cartId),
      payload: {
        cartId: cart.cartId,
        customerId: cart.customerId,
        items,
        subtotal: { amount: subtotal, currency },
        discountTotal: { amount: discountTotal, currency },
        total: { amount: subtotal - discountTotal, currency },
        ...(command.promotionCode !== undefined ? { promotionCode: command.promotionCode } : {}),
        shippingAddress: { ...command.shippingAddress },
        paymentMethod: { ...command.paymentMethod },
        checkedOutAt: iso(this.now()),
      },
    };
    return { outcome: 'checked_out', duplicate: false, checkedOut: cart.checkedOut };
  }
}

function view(cart: Cart): CartView {
  return {
    cartId: cart.cartId,
    customerId: cart.customerId,
    status: cart.status,
    version: cart.version,
    lines: cart.lines.map((line) => ({ ...line })),
  };
}
