/** Commands as the checkout saga sends them (after the catalog's examples). */
import { randomUUID } from 'node:crypto';
import type { CancelOrderCommand, CancellationReason, CompleteOrderInput, CreateOrderCommand } from '../../../system/order-store/index.js';

export function createOrderCommand(overrides: Partial<CreateOrderCommand> = {}): CreateOrderCommand {
  return {
    orderId: randomUUID(),
    checkoutId: randomUUID(),
    cartId: randomUUID(),
    customerId: randomUUID(),
    items: [
      {
        productId: randomUUID(),
        sku: 'SHOE-TR-42',
        name: 'Trailblazer running shoe (EU 42)',
        quantity: 1,
        unitPrice: { amount: 12900, currency: 'EUR' },
        discount: { amount: 1290, currency: 'EUR' },
      },
      {
        productId: randomUUID(),
        sku: 'SOCK-MER-M',
        name: 'Merino running socks (M)',
        quantity: 2,
        unitPrice: { amount: 1500, currency: 'EUR' },
      },
    ],
    total: { amount: 14610, currency: 'EUR' },
    shippingAddress: {
      recipientName: 'Maya Jansen',
      line1: 'Keizersgracht 123',
      city: 'Amsterdam',
      postalCode: '1015 CJ',
      countryCode: 'NL',
    },
    reservationId: randomUUID(),
    paymentId: randomUUID(),
    authorizationId: 'auth_4f9a2c7e1b',
    ...overrides,
  };
}

export function cancelOrderCommand(
  of: Pick<CreateOrderCommand, 'orderId' | 'checkoutId' | 'customerId'>,
  reason: CancellationReason = 'customer_request',
): CancelOrderCommand {
  return {
    orderId: of.orderId,
    checkoutId: of.checkoutId,
    customerId: of.customerId,
    reason,
    initiatedBy: reason === 'customer_request' ? 'customer' : 'checkout_saga',
  };
}

export function completeOrderInput(orderId: string): CompleteOrderInput {
  return {
    orderId,
    fulfilment: {
      warehouseId: 'WH-AMS1',
      carrier: 'postnl',
      trackingNumber: '3SACME0123456',
      shippedAt: '2025-03-14T17:45:00Z',
      deliveredAt: '2025-03-15T11:12:00Z',
    },
  };
}
