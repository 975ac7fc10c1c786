/** Notifications Service: channels, templates, back-in-stock alerts and idempotency; the running service records per channel and publishes NotificationSent. */
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryServiceContract } from '../../../generated/services/inventory-service/index.js';
import { notificationServiceContract } from '../../../generated/services/notification-service/index.js';
import { orderServiceContract } from '../../../generated/services/order-service/index.js';
import { paymentServiceContract } from '../../../generated/services/payment-service/index.js';
import { subscriptionServiceContract } from '../../../generated/services/subscription-service/index.js';
import type { InventoryAdjusted } from '../../../generated/types/inventory-adjusted.js';
import type { OrderCreated as OrderCreatedV2 } from '../../../generated/types/order-created.js';
import type { OrderCreatedV100 as OrderCreated } from '../../../generated/types/order-created-v1-0-0.js';
import type { Transport } from '../../../runtime/index.js';
import { Notifier, type Contact } from '../../../system/domain/notification-service/index.js';
import { startNotificationServiceProcess, type NotificationServiceProcess } from '../../../system/services/index.js';
import { address, eur, fixedClock, listenerContract, logger, memoryTransport, schemaErrors, startProbe, uuid } from './helpers.js';

const sentSchema = notificationServiceContract.sends.publishNotificationSent.schema;
const PRODUCT = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

function orderCreated(customerId: string): OrderCreated {
  return {
    orderId: uuid(),
    checkoutId: uuid(),
    customerId,
    items: [{ productId: PRODUCT, sku: 'SHOE-TR-42', name: 'Shoe', quantity: 1, unitPrice: eur(12_900) }],
    total: eur(12_900),
    shippingAddress: address,
    createdAt: '2025-03-01T10:00:00Z',
  };
}

/** What the Order Service publishes (2.0.0); the service pins 1.0.0 and gets the downcast copy. */
function orderCreatedV2(customerId: string): OrderCreatedV2 {
  const { shippingAddress, ...rest } = orderCreated(customerId);
  return { ...rest, discountTotal: eur(0), deliveryAddress: shippingAddress };
}

function adjusted(available: number, quantityChange: number): InventoryAdjusted {
  return {
    productId: PRODUCT,
    sku: 'SHOE-TR-42',
    warehouseId: 'WH-MAIN',
    adjustment: { reason: 'restocked', quantityChange },
    levels: { onHand: available, reserved: 0, available },
    adjustedAt: '2025-03-01T10:00:00Z',
  };
}

describe('Notifier (domain)', () => {
  it.each<{ name: string; contact: Contact | undefined; channels: string[] }>([
    { name: 'no contact data', contact: undefined, channels: ['push'] },
    { name: 'an e-mail address', contact: { email: 'maya@example.nl' }, channels: ['email'] },
    { name: 'e-mail, phone and app', contact: { email: 'maya@example.nl', phone: '+31612345678', push: true }, channels: ['email', 'sms', 'push'] },
    { name: 'a preference for SMS', contact: { email: 'maya@example.nl', phone: '+31612345678', channels: ['sms'] }, channels: ['sms'] },
    { name: 'a preference it cannot serve', contact: { channels: ['sms'] }, channels: ['push'] },
  ])('a customer with $name is told on $channels', ({ contact, channels }) => {
    const customerId = uuid();
    const notifier = new Notifier({ contacts: contact ? { [customerId]: contact } : {} });
    const { notifications } = notifier.orderCreated(orderCreated(customerId));
    expect(notifications.map((n) => n.payload.channel)).toEqual(channels);
    expect(schemaErrors(sentSchema, ...notifications)).toEqual([]);
    for (const channel of ['email', 'sms', 'push'] as const) {
      expect(notifier.sent(channel).map((s) => s.template)).toEqual(channels.includes(channel) ? ['order_placed'] : []);
    }
    const email = notifications.find((n) => n.payload.channel === 'email');
    if (email) expect(email.payload.recipient).toEqual({ customerId, email: contact?.email });
  });

  it('picks the template and resource per event', () => {
    const clock = fixedClock();
    const customerId = uuid();
    const notifier = new Notifier({ contacts: { [customerId]: { email: 'maya@example.nl' } }, now: clock });
    const orderId = uuid();
    const subscriptionId = uuid();
    const paymentId = uuid();
    const results = [
      notifier.orderCancelled({ orderId, checkoutId: uuid(), customerId, reason: 'payment_declined', previousStatus: 'none', cancelledAt: '2025-03-01T10:00:00Z' }),
      notifier.paymentProcessed({
        paymentId,
        customerId,
        amount: eur(999),
        method: 'card',
        context: { type: 'order', orderId },
        providerReference: 'psp_123456',
        processedAt: '2025-03-01T10:00:00Z',
      }),
      notifier.subscriptionCancelled({
        subscriptionId,
        customerId,
        planId: 'plan-basic-monthly',
        reason: 'too_expensive',
        effectiveAt: '2025-04-01T00:00:00Z',
        cancelledAt: '2025-03-01T10:00:00Z',
      }),
    ];
    expect(results.map((r) => [r.notifications[0]?.payload.template, r.notifications[0]?.payload.relatedTo])).toEqual([
      ['order_cancelled', { type: 'order', id: orderId }],
      ['payment_receipt', { type: 'payment', id: paymentId }],
      ['subscription_cancelled', { type: 'subscription', id: subscriptionId }],
    ]);
    expect(notifier.sent('email').map((s) => s.subject)).toEqual([
      'Your checkout could not be completed',
      `Receipt for order ${orderId.slice(0, 8)}`,
      'Your subscription was cancelled',
    ]);
    expect(notifier.sent('email')[2]?.body).toContain('2025-04-01');
  });

  it('sends each notification once: a repeated event yields the same NotificationSent', () => {
    const customerId = uuid();
    const notifier = new Notifier({ contacts: { [customerId]: { email: 'maya@example.nl', phone: '+31612345678' } } });
    const event = orderCreated(customerId);
    const first = notifier.orderCreated(event);
    expect(notifier.orderCreated(event)).toEqual({ ...first, duplicate: true });
    expect(notifier.sent()).toHaveLength(2);
  });

  it.each([
    { name: 'from sold out to available', available: 4, change: 4, alerted: true },
    { name: 'still sold out', available: 0, change: 0, alerted: false },
    { name: 'already available before', available: 6, change: 2, alerted: false },
  ])('InventoryAdjusted $name → back-in-stock alert: $alerted', ({ available, change, alerted }) => {
    const watcher = uuid();
    const notifier = new Notifier({ watchers: [{ customerId: watcher, productId: PRODUCT }] });
    const { notifications } = notifier.inventoryAdjusted(adjusted(available, change), 'msg-1');
    expect(notifications.map((n) => [n.payload.template, n.payload.recipient.customerId, n.payload.relatedTo])).toEqual(
      alerted ? [['back_in_stock', watcher, { type: 'product', id: PRODUCT }]] : [],
    );
    // One alert per watch; the same event again yields the same notifications.
    expect(notifier.watching(PRODUCT)).toEqual(alerted ? [] : [watcher]);
    expect(notifier.inventoryAdjusted(adjusted(available, change), 'msg-1').notifications).toEqual(notifications);
  });
});

describe('Notifications Service (running)', () => {
  let transport: Transport;
  let process: NotificationServiceProcess | undefined;
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  it('records what it sent per channel and publishes NotificationSent for each, on the correlation of the event', async () => {
    transport = memoryTransport();
    const customerId = uuid();
    const watcher = uuid();
    process = await startNotificationServiceProcess(transport, {
      logger,
      notifier: { contacts: { [customerId]: { email: 'maya@example.nl', phone: '+31612345678' } }, watchers: [{ customerId: watcher, productId: PRODUCT }] },
    });
    const support = await startProbe(transport, listenerContract('support-tooling', { notificationSent: notificationServiceContract.sends.publishNotificationSent }));
    const orderService = await startProbe(transport, orderServiceContract);
    const payments = await startProbe(transport, paymentServiceContract);
    const subscriptions = await startProbe(transport, subscriptionServiceContract);
    const inventory = await startProbe(transport, inventoryServiceContract);

    const order = orderCreatedV2(customerId);
    const eventId = uuid();
    await orderService.service.producer.publishOrderCreated(order, { messageId: eventId });
    await orderService.service.producer.publishOrderCreated(order); // a duplicate from the outbox relay
    await payments.service.producer.publishPaymentProcessed({
      paymentId: uuid(),
      customerId,
      amount: eur(12_900),
      method: 'card',
      context: { type: 'order', orderId: order.orderId },
      providerReference: 'psp_abcdef',
      processedAt: '2025-03-01T11:00:00Z',
    });
    await subscriptions.service.producer.publishUserSubscriptionCancelled({
      subscriptionId: uuid(),
      customerId,
      planId: 'plan-basic-monthly',
      reason: 'not_using',
      effectiveAt: '2025-04-01T00:00:00Z',
      cancelledAt: '2025-03-01T12:00:00Z',
    });
    await inventory.service.producer.publishInventoryAdjusted(adjusted(3, 3));

    const notifier = process.notifier;
    await expect.poll(() => notifier.sent('email').map((s) => s.template).sort()).toEqual(['order_placed', 'payment_receipt', 'subscription_cancelled']);
    await expect.poll(() => notifier.sent('sms').map((s) => s.template).sort()).toEqual(['order_placed', 'payment_receipt', 'subscription_cancelled']);
    await expect.poll(() => notifier.sent('push').map((s) => [s.template, s.customerId])).toEqual([['back_in_stock', watcher]]);
    expect(notifier.sent('email')[0]?.to).toBe('maya@example.nl');

    // 3 templates × 2 channels + the back-in-stock push + the duplicate order_placed pair (same ids).
    await expect.poll(() => support.of('notificationSent')).toHaveLength(9);
    const placed = support.all('notificationSent').filter((r) => r.payload.template === 'order_placed');
    expect(placed).toHaveLength(4);
    expect(new Set(placed.map((r) => r.envelope.messageId)).size).toBe(2);
    expect(placed.filter((r) => r.envelope.correlationId === eventId).map((r) => r.payload.channel).sort()).toEqual(['email', 'sms']);
    expect(placed.every((r) => r.payload.relatedTo.id === order.orderId)).toBe(true);
  });
});
