/**
 * The committed generated/ code for catalog/ runs: every service's contract passes the
 * runtime's checks and declares its topology, and messages flow between generated services
 * with the generated types (on the in-memory transport; the RabbitMQ tests cover the wire).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as generated from '../../generated/index.js';
import type { CartCheckedOut } from '../../generated/types/cart-checked-out.js';
import { createMemoryTransport, silentLogger, startService, type ServiceContract, type Transport } from '../../runtime/index.js';
import { Carts } from '../../system/domain/cart-api/index.js';
import { CheckoutIntake } from '../../system/domain/checkout-api/index.js';

const contracts = Object.entries(generated).filter(([name]) => name.endsWith('Contract')) as [string, ServiceContract][];

let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
});

describe('generated contracts', () => {
  it('cover every service of the catalog', () => {
    expect(contracts.map(([, c]) => c.service.id).sort()).toEqual([
      'BillingService', 'FraudDetectionService', 'IdentityProvider', 'InventoryService', 'NotificationService', 'OrdersService',
      'PaymentService', 'SubscriptionService', 'cart-api', 'checkout-api', 'checkout-orchestrator', 'order-service', 'promotions-service', 'storefront',
    ]);
  });

  it.each(contracts)('%s starts on the runtime and declares its topology', async (_name, contract) => {
    transport = createMemoryTransport({ params: { env: 'test' }, logger: silentLogger });
    const handlers = Object.fromEntries(Object.keys(contract.receives).map((key) => [key, async () => undefined]));
    const service = await startService(transport, contract, { handlers: handlers as never });
    await service.stop();
  });

  it('carries an event from its generated producer to a generated consumer, typed end to end', async () => {
    transport = createMemoryTransport({ params: { env: 'test' }, logger: silentLogger });
    const received: generated.CheckoutApiContext['envelope'][] = [];
    const checkout = await generated.startCheckoutApi(transport, {
      cartCheckedOut: async (payload, ctx) => {
        received.push(ctx.envelope);
        expect(payload.total.amount).toBe(14610);
      },
    }, { deps: { intake: new CheckoutIntake(), logger: silentLogger } });
    const cart = await generated.startCartApi(transport, {
      addItemToCart: async () => undefined,
      removeItemFromCart: async () => undefined,
      checkoutCart: async () => undefined,
    }, { deps: { carts: new Carts(), pricingAttempts: 1, logger: silentLogger } });
    const eur = (amount: number) => ({ amount, currency: 'EUR' as const });
    const payload: CartCheckedOut = {
      cartId: '270b6d03-1fae-497b-ab78-ea4b4bafa5ba',
      customerId: '34a6bd54-49a0-4eaf-9c02-f7cba9f7d4ca',
      items: [{ productId: '26a33ed4-5abf-45b9-86f6-7d37042d9d6f', sku: 'SHOE-TR-42', name: 'Trailblazer', quantity: 1, unitPrice: eur(14610) }],
      subtotal: eur(14610),
      discountTotal: eur(0),
      total: eur(14610),
      shippingAddress: { recipientName: 'Maya Jansen', line1: 'Keizersgracht 123', city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL' },
      paymentMethod: { type: 'card', token: 'tok_visa_4f9a2c71e3', cardLast4: '4242' },
      checkedOutAt: '2026-11-22T09:30:00Z',
    };
    await cart.producer.publishCartCheckedOut(payload);
    await expect.poll(() => received.length).toBe(1);
    await Promise.all([cart.stop(), checkout.stop()]);
  });
});
