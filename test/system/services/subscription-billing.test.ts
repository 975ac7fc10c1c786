/**
 * Subscriptions: the Subscription and Billing domains, and the Cancel Subscription and
 * subscription Payment flows running on Subscription, Billing, Payment and Notifications services.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { billingServiceContract } from '../../../generated/services/billing-service/index.js';
import { notificationServiceContract } from '../../../generated/services/notification-service/index.js';
import { storefrontContract } from '../../../generated/services/storefront/index.js';
import { subscriptionServiceContract } from '../../../generated/services/subscription-service/index.js';
import type { Transport } from '../../../runtime/index.js';
import { Billing } from '../../../system/domain/billing-service/index.js';
import { addMonths } from '../../../system/domain/shared/index.js';
import { Subscriptions, type Plan } from '../../../system/domain/subscription-service/index.js';
import {
  startBillingServiceProcess,
  startNotificationServiceProcess,
  startPaymentServiceProcess,
  startSubscriptionServiceProcess,
} from '../../../system/services/index.js';
import { card, eur, fixedClock, listenerContract, logger, memoryTransport, recordingLogger, schemaErrors, startProbe, uuid } from './helpers.js';

const MONTHLY: Plan = { planId: 'plan-plus-monthly', name: 'Plus', interval: 'month', price: eur(999) };
const YEARLY: Plan = { planId: 'plan-plus-yearly', name: 'Plus yearly', interval: 'year', price: eur(9_990) };
const subSchemas = Object.fromEntries(Object.values(subscriptionServiceContract.sends).map((m) => [m.id, m.schema]));
const billSchemas = Object.fromEntries(Object.values(billingServiceContract.sends).map((m) => [m.id, m.schema]));

const subscriptionPaid = (subscriptionId: string, customerId: string, invoiceId = uuid()) => ({
  paymentId: uuid(),
  customerId,
  amount: eur(999),
  method: 'card' as const,
  context: { type: 'subscription' as const, subscriptionId, invoiceId },
  providerReference: 'psp_000001',
  processedAt: '2025-01-31T10:00:00Z',
});

describe('shared date arithmetic', () => {
  it.each([
    ['2025-01-31T10:00:00.000Z', 1, '2025-02-28T10:00:00.000Z'],
    ['2024-01-31T10:00:00.000Z', 1, '2024-02-29T10:00:00.000Z'],
    ['2025-03-15T00:00:00.000Z', 12, '2026-03-15T00:00:00.000Z'],
    ['2025-12-31T23:00:00.000Z', 1, '2026-01-31T23:00:00.000Z'],
  ])('%s + %i month(s) = %s', (from, months, to) => {
    expect(addMonths(new Date(from), months).toISOString()).toBe(to);
  });
});

describe('Subscriptions (domain)', () => {
  function started(plan = MONTHLY) {
    const clock = fixedClock('2025-01-31T10:00:00.000Z');
    const subscriptions = new Subscriptions({ now: clock });
    const customerId = uuid();
    const subscriptionId = uuid();
    const { started: event } = subscriptions.start({ subscriptionId, customerId, plan });
    return { subscriptions, customerId, subscriptionId, event, clock };
  }

  it('starts a subscription for one plan interval, once', () => {
    const { subscriptions, subscriptionId, customerId, event } = started();
    expect(event.payload).toMatchObject({ subscriptionId, customerId, plan: MONTHLY, startedAt: '2025-01-31T10:00:00.000Z', currentPeriodEnd: '2025-02-28T10:00:00.000Z' });
    expect(schemaErrors(subSchemas['UserSubscriptionStarted'], event)).toEqual([]);
    expect(subscriptions.start({ subscriptionId, customerId, plan: MONTHLY })).toEqual({ duplicate: true, started: event });
    expect(() => subscriptions.start({ subscriptionId, customerId: uuid(), plan: MONTHLY })).toThrow(/another customer/);
  });

  it.each([
    { name: 'at the period end', cancelAt: 'period_end' as const, owner: true, plan: MONTHLY, outcome: 'cancelled', effectiveAt: '2025-02-28T10:00:00.000Z' },
    { name: 'immediately', cancelAt: 'immediately' as const, owner: true, plan: MONTHLY, outcome: 'cancelled', effectiveAt: '2025-02-10T09:00:00.000Z' },
    { name: 'a yearly plan at the period end', cancelAt: 'period_end' as const, owner: true, plan: YEARLY, outcome: 'cancelled', effectiveAt: '2026-01-31T10:00:00.000Z' },
    { name: 'by someone else', cancelAt: 'period_end' as const, owner: false, plan: MONTHLY, outcome: 'not_owner', effectiveAt: undefined },
  ])('RequestSubscriptionCancellation $name → $outcome', ({ cancelAt, owner, plan, outcome, effectiveAt }) => {
    const { subscriptions, subscriptionId, customerId, clock } = started(plan);
    clock.set('2025-02-10T09:00:00.000Z');
    const result = subscriptions.requestCancellation({ subscriptionId, customerId: owner ? customerId : uuid(), reason: 'too_expensive', cancelAt });
    if (result.outcome === 'rejected') {
      expect(result.reason).toBe(outcome);
      expect(subscriptions.subscription(subscriptionId)?.status).toBe('active');
      return;
    }
    expect(result.cancelled.payload).toEqual({
      subscriptionId,
      customerId,
      planId: plan.planId,
      reason: 'too_expensive',
      effectiveAt,
      cancelledAt: '2025-02-10T09:00:00.000Z',
    });
    expect(schemaErrors(subSchemas['UserSubscriptionCancelled'], result.cancelled)).toEqual([]);
    expect(subscriptions.requestCancellation({ subscriptionId, customerId, reason: 'other', cancelAt })).toEqual({ ...result, duplicate: true });
  });

  it('refuses to cancel an unknown subscription', () => {
    const subscriptions = new Subscriptions();
    expect(subscriptions.requestCancellation({ subscriptionId: uuid(), customerId: uuid(), reason: 'other', cancelAt: 'immediately' })).toMatchObject({
      outcome: 'rejected',
      reason: 'not_found',
    });
  });

  it('extends the paid-through date once per paid invoice; the end of the paid period moves with it', () => {
    const { subscriptions, subscriptionId, customerId } = started();
    const invoiceId = uuid();
    expect(subscriptions.paymentProcessed(subscriptionPaid(subscriptionId, customerId, invoiceId))).toEqual({ outcome: 'extended', paidThrough: '2025-02-28T10:00:00.000Z' });
    expect(subscriptions.paymentProcessed(subscriptionPaid(subscriptionId, customerId, invoiceId))).toEqual({ outcome: 'duplicate', paidThrough: '2025-02-28T10:00:00.000Z' });
    expect(subscriptions.paymentProcessed(subscriptionPaid(subscriptionId, customerId))).toEqual({ outcome: 'extended', paidThrough: '2025-03-28T10:00:00.000Z' });
    expect(subscriptions.paymentProcessed({ ...subscriptionPaid(subscriptionId, customerId), context: { type: 'order', orderId: uuid() } }).outcome).toBe('ignored');
    const cancelled = subscriptions.requestCancellation({ subscriptionId, customerId, reason: 'not_using', cancelAt: 'period_end' });
    expect(cancelled.outcome === 'cancelled' && cancelled.cancelled.payload.effectiveAt).toBe('2025-03-28T10:00:00.000Z');
  });
});

describe('Billing (domain)', () => {
  const startedEvent = (customerId: string, subscriptionId = uuid()) => ({
    subscriptionId,
    customerId,
    plan: MONTHLY,
    startedAt: '2025-01-31T10:00:00.000Z',
    currentPeriodEnd: '2025-02-28T10:00:00.000Z',
  });

  it('opens a schedule with the first invoice and asks for its payment when a payment method is stored', () => {
    const customerId = uuid();
    const billing = new Billing({ paymentMethods: { [customerId]: card() }, now: fixedClock('2025-01-31T10:00:00.000Z') });
    const result = billing.subscriptionStarted(startedEvent(customerId));
    expect(result.invoices.map((i) => i.payload)).toEqual([
      expect.objectContaining({
        invoiceNumber: 'INV-000001',
        billingPeriod: { start: '2025-01-31T10:00:00.000Z', end: '2025-02-28T10:00:00.000Z' },
        total: eur(999),
        status: 'open',
        dueDate: '2025-01-31',
      }),
    ]);
    expect(result.paymentsDue.map((d) => [d.payload.invoiceId, d.payload.attempt, d.payload.amount])).toEqual([[result.invoices[0]?.payload.invoiceId, 1, eur(999)]]);
    expect(schemaErrors(billSchemas['InvoiceGenerated'], ...result.invoices)).toEqual([]);
    expect(schemaErrors(billSchemas['SubscriptionPaymentDue'], ...result.paymentsDue)).toEqual([]);
    const { duplicate, ...events } = result;
    expect(duplicate).toBe(false);
    expect(billing.subscriptionStarted(startedEvent(customerId, result.invoices[0]?.payload.subscriptionId))).toEqual({ ...events, duplicate: true });
  });

  it('runs the cycle: next invoices when periods begin, retries open invoices, stops at the cancellation', () => {
    const customerId = uuid();
    const clock = fixedClock('2025-01-31T10:00:00.000Z');
    const billing = new Billing({ now: clock });
    const event = startedEvent(customerId);
    const first = billing.subscriptionStarted(event);
    expect(first.paymentsDue).toEqual([]); // no payment method yet
    billing.setPaymentMethod(customerId, card());
    expect(billing.runCycle().paymentsDue.map((d) => d.payload.attempt)).toEqual([1]);
    expect(billing.runCycle().paymentsDue).toEqual([]); // asked already, not yet a day ago
    clock.advance(24 * 60 * 60 * 1000);
    expect(billing.runCycle().paymentsDue.map((d) => d.payload.attempt)).toEqual([2]);
    const invoiceId = first.invoices[0]?.payload.invoiceId ?? '';
    expect(billing.paymentProcessed(subscriptionPaid(event.subscriptionId, customerId, invoiceId))).toBe('paid');
    expect(billing.paymentProcessed(subscriptionPaid(event.subscriptionId, customerId, invoiceId))).toBe('duplicate');

    clock.set('2025-02-28T10:00:00.000Z');
    const second = billing.runCycle();
    expect(second.invoices.map((i) => [i.payload.invoiceNumber, i.payload.billingPeriod])).toEqual([
      ['INV-000002', { start: '2025-02-28T10:00:00.000Z', end: '2025-03-28T10:00:00.000Z' }],
    ]);
    expect(second.paymentsDue.map((d) => d.payload.invoiceId)).toEqual([second.invoices[0]?.payload.invoiceId]);

    expect(
      billing.subscriptionCancelled({
        subscriptionId: event.subscriptionId,
        customerId,
        planId: MONTHLY.planId,
        reason: 'too_expensive',
        effectiveAt: '2025-03-28T10:00:00.000Z',
        cancelledAt: '2025-03-01T10:00:00.000Z',
      }),
    ).toEqual({ outcome: 'closed', voided: [] });
    clock.set('2025-04-30T10:00:00.000Z');
    expect(billing.runCycle()).toEqual({ invoices: [], paymentsDue: [] });
    expect(billing.schedule(event.subscriptionId)).toMatchObject({ status: 'closed', endsAt: '2025-03-28T10:00:00.000Z' });
    expect(billing.schedule(event.subscriptionId)?.invoices.map((i) => i.status)).toEqual(['paid', 'open']);
  });
});

describe('Cancel Subscription and subscription payment flows (running)', () => {
  let transport: Transport;
  const processes: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop();
    await transport.close();
  });

  it('starts, bills, charges, extends, cancels and tells the customer', async () => {
    transport = memoryTransport();
    const customerId = uuid();
    const subscriptionId = uuid();
    const log = recordingLogger();
    const subscriptions = await startSubscriptionServiceProcess(transport, { logger: log });
    const billing = await startBillingServiceProcess(transport, { logger, cycleMs: 0, billing: { paymentMethods: { [customerId]: card() } } });
    const payments = await startPaymentServiceProcess(transport, { logger });
    const notifications = await startNotificationServiceProcess(transport, { logger, notifier: { contacts: { [customerId]: { email: 'maya@example.nl' } } } });
    processes.push(subscriptions, billing, payments, notifications);
    const storefront = await startProbe(transport, storefrontContract);
    const { publishInvoiceGenerated } = billingServiceContract.sends;
    const watch = await startProbe(
      transport,
      listenerContract('subscription-watch', { invoiceGenerated: publishInvoiceGenerated, notificationSent: notificationServiceContract.sends.publishNotificationSent }),
    );

    // Payment flow for subscriptions: started → invoice + payment due → charged → paid, extended, receipt.
    await subscriptions.startSubscription({ subscriptionId, customerId, plan: MONTHLY, startedAt: '2025-01-31T10:00:00.000Z' });
    await expect.poll(() => watch.of('invoiceGenerated').map((i) => i.subscriptionId)).toEqual([subscriptionId]);
    const invoiceId = watch.of('invoiceGenerated')[0]?.invoiceId ?? '';
    await expect.poll(() => billing.billing.invoice(invoiceId)?.status).toBe('paid');
    await expect.poll(() => subscriptions.subscriptions.subscription(subscriptionId)?.paidThrough).toBe('2025-02-28T10:00:00.000Z');
    await expect.poll(() => notifications.notifier.sent('email').map((s) => s.template)).toEqual(['payment_receipt']);

    // Cancel Subscription: a stranger is refused, the owner is not; Billing closes, Notifications confirms.
    await storefront.service.producer.sendRequestSubscriptionCancellation({ subscriptionId, customerId: uuid(), reason: 'other', cancelAt: 'immediately' });
    await expect.poll(() => log.find('command-refused', { reason: 'not_owner' })).toHaveLength(1);
    const requestId = uuid();
    await storefront.service.producer.sendRequestSubscriptionCancellation({ subscriptionId, customerId, reason: 'too_expensive', feedback: 'Too pricey', cancelAt: 'period_end' }, { messageId: requestId });
    await expect.poll(() => billing.billing.schedule(subscriptionId)?.status).toBe('closed');
    expect(billing.billing.schedule(subscriptionId)?.endsAt).toBe('2025-02-28T10:00:00.000Z');
    await expect.poll(() => notifications.notifier.sent('email').map((s) => s.template)).toEqual(['payment_receipt', 'subscription_cancelled']);
    await expect.poll(() => watch.all('notificationSent').filter((r) => r.payload.template === 'subscription_cancelled')).toHaveLength(1);
    const sent = watch.all('notificationSent').find((r) => r.payload.template === 'subscription_cancelled');
    expect(sent?.payload).toMatchObject({ recipient: { customerId, email: 'maya@example.nl' }, channel: 'email', relatedTo: { type: 'subscription', id: subscriptionId } });
    expect(sent?.envelope.correlationId).toBe(requestId);
    expect(subscriptions.subscriptions.subscription(subscriptionId)).toMatchObject({ status: 'cancelled', effectiveAt: '2025-02-28T10:00:00.000Z' });
  });
});
