/**
 * The shopping end of Place an Order: Cart API (carts, pricing, checkout), Promotions Service
 * (calculate-discount) and Checkout API (one checkout per cart, start-checkout), as domains and
 * running together from the storefront's commands to the orchestrator's start-checkout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cartApiContract } from '../../../generated/services/cart-api/index.js';
import { checkoutApiContract } from '../../../generated/services/checkout-api/index.js';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { orderServiceContract } from '../../../generated/services/order-service/index.js';
import { promotionsServiceContract } from '../../../generated/services/promotions-service/index.js';
import { storefrontContract } from '../../../generated/services/storefront/index.js';
import type { CalculateDiscount } from '../../../generated/types/calculate-discount.js';
import type { CheckoutCart } from '../../../generated/types/checkout-cart.js';
import { startService, type Transport } from '../../../runtime/index.js';
import { Carts, type Product } from '../../../system/domain/cart-api/index.js';
import { CheckoutIntake } from '../../../system/domain/checkout-api/index.js';
import { Promotions, type Promotion } from '../../../system/domain/promotions-service/index.js';
import { stableId } from '../../../system/domain/shared/index.js';
import { startCartApiProcess, startCheckoutApiProcess, startPromotionsServiceProcess } from '../../../system/services/index.js';
import { SHOE, SOCK } from '../../../system/shop.js';
import { address, card, eur, fixedClock, listenerContract, logger, memoryTransport, recordingLogger, schemaErrors, startProbe, uuid } from './helpers.js';

const PRODUCTS = [SHOE, SOCK];

const PROMOTIONS: Promotion[] = [
  { promotionId: '11111111-1111-4111-8111-111111111111', description: '10% off', code: 'WELCOME10', percentOff: 10 },
  { promotionId: '22222222-2222-4222-8222-222222222222', description: 'EUR 5 off from EUR 50', code: 'SAVE5', amountOff: eur(500), minSubtotal: eur(5_000) },
  { promotionId: '33333333-3333-4333-8333-333333333333', description: 'Old sale', code: 'SUMMER2020', percentOff: 20, validUntil: '2020-09-01T00:00:00Z' },
  { promotionId: '44444444-4444-4444-8444-444444444444', description: 'Socks: 2 euro off', productId: SOCK.productId, amountOff: eur(200) },
  { promotionId: '55555555-5555-4555-8555-555555555555', description: 'Shoe week', code: 'SHOES', productId: SHOE.productId, percentOff: 50 },
];

const lineOf = (p: Product, quantity: number) => ({ productId: p.productId, sku: p.sku, quantity, unitPrice: p.unitPrice });

describe('Promotions (domain)', () => {
  const promotions = new Promotions({ promotions: PROMOTIONS, now: fixedClock() });
  const query = (items: CalculateDiscount['items'], promotionCode?: string): CalculateDiscount => ({
    cartId: uuid(),
    customerId: uuid(),
    items,
    ...(promotionCode ? { promotionCode } : {}),
  });

  it.each([
    { name: 'no code, no socks', items: [lineOf(SHOE, 1)], code: undefined, discounts: [], total: 0, rejected: undefined },
    { name: 'the automatic sock promotion', items: [lineOf(SOCK, 2)], code: undefined, discounts: [[SOCK.productId, 200]], total: 200, rejected: undefined },
    { name: 'WELCOME10 on a shoe', items: [lineOf(SHOE, 1)], code: 'WELCOME10', discounts: [[undefined, 1_290]], total: 1_290, rejected: undefined },
    { name: 'SAVE5 below its minimum', items: [lineOf(SOCK, 1)], code: 'SAVE5', discounts: [[SOCK.productId, 200]], total: 200, rejected: 'not_applicable' },
    { name: 'SAVE5 above its minimum', items: [lineOf(SHOE, 1)], code: 'SAVE5', discounts: [[undefined, 500]], total: 500, rejected: undefined },
    { name: 'an expired code', items: [lineOf(SHOE, 1)], code: 'SUMMER2020', discounts: [], total: 0, rejected: 'expired' },
    { name: 'an unknown code', items: [lineOf(SHOE, 1)], code: 'NOPE1234', discounts: [], total: 0, rejected: 'unknown' },
    { name: 'a product code without the product', items: [lineOf(SOCK, 1)], code: 'SHOES', discounts: [[SOCK.productId, 200]], total: 200, rejected: 'not_applicable' },
    { name: 'a product code with the product', items: [lineOf(SHOE, 2)], code: 'SHOES', discounts: [[SHOE.productId, 12_900]], total: 12_900, rejected: undefined },
  ])('calculate-discount with $name', ({ items, code, discounts, total, rejected }) => {
    const response = promotions.calculate(query(items, code));
    expect(response.discounts.map((d) => [d.productId, d.amount.amount])).toEqual(discounts);
    expect(response.discountTotal).toEqual(eur(total));
    expect(response.rejectedPromotionCode?.reason).toBe(rejected);
    expect(schemaErrors(promotionsServiceContract.receives.calculateDiscount.responseSchema, { messageId: 'x', payload: response })).toEqual([]);
  });

  it('never discounts more than the subtotal', () => {
    const generous = new Promotions({ promotions: [{ promotionId: uuid(), description: 'big', amountOff: eur(100_000) }, { promotionId: uuid(), description: 'all', percentOff: 100 }] });
    const response = generous.calculate(query([lineOf(SOCK, 1)]));
    expect(response.discountTotal).toEqual(eur(1_500));
    expect(response.discounts.map((d) => d.amount.amount)).toEqual([1_500]);
  });
});

describe('Carts (domain)', () => {
  const customerId = uuid();
  const checkout = (cartId: string, promotionCode?: string): CheckoutCart => ({
    cartId,
    customerId,
    shippingAddress: address,
    paymentMethod: card(),
    ...(promotionCode ? { promotionCode } : {}),
  });
  const add = (carts: Carts, cartId: string, p: Product, quantity: number, commandId = uuid()) =>
    carts.addItem({ cartId, customerId, productId: p.productId, sku: p.sku, quantity }, commandId);

  it('adds to one line per product (once per command id), removes lines, and refuses what it must', () => {
    const carts = new Carts({ products: PRODUCTS });
    const cartId = uuid();
    const commandId = uuid();
    expect(add(carts, cartId, SHOE, 1, commandId)).toMatchObject({ outcome: 'added', duplicate: false });
    expect(add(carts, cartId, SHOE, 1, commandId)).toMatchObject({ outcome: 'added', duplicate: true });
    add(carts, cartId, SHOE, 2);
    add(carts, cartId, SOCK, 1);
    expect(carts.cart(cartId)?.lines).toEqual([
      { productId: SHOE.productId, sku: SHOE.sku, quantity: 3 },
      { productId: SOCK.productId, sku: SOCK.sku, quantity: 1 },
    ]);
    expect(carts.removeItem({ cartId, customerId, productId: SOCK.productId }).outcome).toBe('removed');
    expect(carts.removeItem({ cartId, customerId, productId: SOCK.productId }).outcome).toBe('not_in_cart');
    expect(carts.addItem({ cartId, customerId: uuid(), productId: SHOE.productId, sku: SHOE.sku, quantity: 1 }, uuid())).toMatchObject({ reason: 'not_owner' });
    expect(carts.addItem({ cartId, customerId, productId: uuid(), sku: 'NOPE-1', quantity: 1 }, uuid())).toMatchObject({ reason: 'unknown_product' });
    expect(carts.addItem({ cartId, customerId, productId: SHOE.productId, sku: 'SHOE-TR-43', quantity: 1 }, uuid())).toMatchObject({ reason: 'sku_mismatch' });
    for (let i = 0; i < 10; i++) add(carts, cartId, SOCK, 99);
    expect(add(carts, cartId, SOCK, 99)).toMatchObject({ reason: 'quantity_limit' });
  });

  it('prices a checkout with the discounts, locks the cart and answers a repeat with the same event', () => {
    const carts = new Carts({ products: PRODUCTS, now: fixedClock() });
    const promotions = new Promotions({ promotions: PROMOTIONS, now: fixedClock() });
    const cartId = uuid();
    add(carts, cartId, SHOE, 1);
    add(carts, cartId, SOCK, 2);
    const command = checkout(cartId, 'WELCOME10');
    const begun = carts.beginCheckout(command);
    if (begun.outcome !== 'price') throw new Error(`expected a query, got ${begun.outcome}`);
    expect(begun.query).toMatchObject({ cartId, promotionCode: 'WELCOME10', items: [lineOf(SHOE, 1), lineOf(SOCK, 2)] });
    const done = carts.completeCheckout(command, begun.version, promotions.calculate(begun.query));
    if (done.outcome !== 'checked_out') throw new Error(`expected a checkout, got ${done.outcome}`);
    // subtotal 159.00; socks -2.00 (line discount); WELCOME10 -15.90 (cart-wide); total 141.10
    expect(done.checkedOut.payload).toMatchObject({
      cartId,
      customerId,
      subtotal: eur(15_900),
      discountTotal: eur(1_790),
      total: eur(14_110),
      promotionCode: 'WELCOME10',
      items: [
        { productId: SHOE.productId, name: SHOE.name, quantity: 1, unitPrice: SHOE.unitPrice },
        { productId: SOCK.productId, quantity: 2, discount: eur(200) },
      ],
    });
    expect(done.checkedOut.payload.items[0]?.discount).toBeUndefined();
    expect(done.checkedOut.messageId).toBe(stableId('cart-checked-out', cartId));
    expect(schemaErrors(cartApiContract.sends.publishCartCheckedOut.schema, done.checkedOut)).toEqual([]);
    expect(carts.beginCheckout(command)).toEqual({ ...done, duplicate: true });
    expect(add(carts, cartId, SOCK, 1)).toMatchObject({ reason: 'locked' });
  });

  it.each([
    { name: 'an unknown cart', setup: 'none', code: undefined, reason: 'not_found' },
    { name: 'an empty cart', setup: 'emptied', code: undefined, reason: 'empty_cart' },
    { name: 'a rejected promotion code', setup: 'shoe', code: 'SUMMER2020', reason: 'invalid_promotion_code' },
  ])('refuses to check out $name; the cart stays open', ({ setup, code, reason }) => {
    const carts = new Carts({ products: PRODUCTS });
    const promotions = new Promotions({ promotions: PROMOTIONS });
    const cartId = uuid();
    if (setup !== 'none') add(carts, cartId, SHOE, 1);
    if (setup === 'emptied') carts.removeItem({ cartId, customerId, productId: SHOE.productId });
    const command = checkout(cartId, code);
    const begun = carts.beginCheckout(command);
    const result = begun.outcome === 'price' ? carts.completeCheckout(command, begun.version, promotions.calculate(begun.query)) : begun;
    expect(result).toMatchObject({ outcome: 'rejected', reason });
    if (setup !== 'none') expect(carts.cart(cartId)?.status).toBe('open');
  });

  it('prices again when the cart changed while it was priced', () => {
    const carts = new Carts({ products: PRODUCTS });
    const promotions = new Promotions({ promotions: [] });
    const cartId = uuid();
    add(carts, cartId, SHOE, 1);
    const command = checkout(cartId);
    const begun = carts.beginCheckout(command);
    if (begun.outcome !== 'price') throw new Error('expected a query');
    add(carts, cartId, SOCK, 1);
    expect(carts.completeCheckout(command, begun.version, promotions.calculate(begun.query))).toEqual({ outcome: 'stale' });
  });
});

describe('CheckoutIntake (domain)', () => {
  it('allocates checkout and order ids from the cart, once per cart', () => {
    const intake = new CheckoutIntake({ now: fixedClock() });
    const cartId = uuid();
    const event = {
      cartId,
      customerId: uuid(),
      items: [{ productId: SHOE.productId, sku: SHOE.sku, name: SHOE.name, quantity: 1, unitPrice: SHOE.unitPrice }],
      subtotal: eur(12_900),
      discountTotal: eur(0),
      total: eur(12_900),
      shippingAddress: address,
      paymentMethod: card(),
      checkedOutAt: '2025-03-01T10:00:00Z',
    };
    const first = intake.accept(event);
    expect(first.startCheckout.payload).toMatchObject({
      checkoutId: stableId('checkout', cartId),
      orderId: stableId('order', cartId),
      cartId,
      customerId: event.customerId,
      items: event.items,
      total: event.total,
      requestedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(schemaErrors(checkoutApiContract.sends.sendStartCheckout.schema, first.startCheckout)).toEqual([]);
    expect(intake.accept(structuredClone(event))).toEqual({ ...first, duplicate: true });
    expect(intake.checkout(first.checkout.checkoutId)).toEqual(first.checkout);
  });
});

describe('Cart API → Promotions → Checkout API (running)', () => {
  let transport: Transport;
  const processes: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop();
    await transport.close();
  });

  it('turns the storefront\'s cart commands into one start-checkout for the orchestrator, on one correlation', async () => {
    transport = memoryTransport();
    const log = recordingLogger();
    const cart = await startCartApiProcess(transport, { logger: log, carts: { products: PRODUCTS } });
    const promotions = await startPromotionsServiceProcess(transport, { logger, promotions: { promotions: PROMOTIONS } });
    const checkoutApi = await startCheckoutApiProcess(transport, { logger });
    processes.push(cart, promotions, checkoutApi);
    const storefront = await startProbe(transport, storefrontContract);
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    const shopping = await startProbe(transport, listenerContract('cart-watch', { cartCheckedOut: cartApiContract.sends.publishCartCheckedOut }));
    // A stand-in for the Order Service, so that the storefront can poll the checkout.
    await startService(transport, orderServiceContract, {
      logger,
      handlers: { createOrder: async () => {}, cancelOrder: async () => {}, getOrder: async ({ orderId }) => ({ result: { status: 'not_found' as const, orderId } }) },
    });

    const customerId = uuid();
    const cartId = uuid();
    const send = storefront.service.producer;
    await send.sendAddItemToCart({ cartId, customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 });
    await send.sendAddItemToCart({ cartId, customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 3 });
    await send.sendRemoveItemFromCart({ cartId, customerId, productId: SOCK.productId });
    await send.sendAddItemToCart({ cartId, customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 2 });
    await expect.poll(() => cart.carts.cart(cartId)?.version).toBe(4);

    const refused = { cartId, customerId, shippingAddress: address, paymentMethod: card(), promotionCode: 'NOPE1234' };
    await send.sendCheckoutCart(refused);
    await expect.poll(() => log.find('command-refused', { reason: 'invalid_promotion_code' })).toHaveLength(1);
    expect(cart.carts.cart(cartId)?.status).toBe('open');

    const checkoutId = uuid();
    const command = { ...refused, promotionCode: 'WELCOME10' };
    await send.sendCheckoutCart(command, { messageId: checkoutId });
    await send.sendCheckoutCart(command); // pressed twice
    await expect.poll(() => saga.all('startCheckout')).toHaveLength(2);
    const [start, again] = saga.all('startCheckout');
    expect(start?.payload).toMatchObject({ cartId, customerId, total: eur(14_110), items: [{ productId: SHOE.productId }, { productId: SOCK.productId, discount: eur(200) }] });
    expect(again?.envelope.messageId).toBe(start?.envelope.messageId);
    expect(again?.payload).toEqual(start?.payload);
    expect(shopping.all('cartCheckedOut')[0]?.envelope.correlationId).toBe(checkoutId);
    expect(start?.envelope.correlationId).toBe(checkoutId);
    expect(cart.carts.cart(cartId)?.status).toBe('checked_out');

    const checkout = start?.payload.checkoutId ?? '';
    expect(await checkoutApi.checkoutStatus(checkout)).toEqual({ result: { status: 'not_found', orderId: start?.payload.orderId } });
    expect(await checkoutApi.checkoutStatus(uuid())).toBeUndefined();
  });
});
