/**
 * Payment Service: the decline rules, authorize/capture/void and subscription charges of the
 * domain, and the running service driven by the orchestrator's and Billing's generated producers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { billingServiceContract } from '../../../generated/services/billing-service/index.js';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { paymentServiceContract } from '../../../generated/services/payment-service/index.js';
import type { PaymentInitiated } from '../../../generated/types/payment-initiated.js';
import { HEADERS, type Transport } from '../../../runtime/index.js';
import { PaymentProcessor, PaymentStateError, type PaymentOptions } from '../../../system/domain/payment-service/index.js';
import { startPaymentServiceProcess, type PaymentServiceProcess } from '../../../system/services/index.js';
import { watchQueue } from '../../runtime/helpers/services.js';
import { card, eur, fixedClock, logger, memoryTransport, schemaErrors, startProbe, uuid } from './helpers.js';

const schemas = Object.fromEntries(Object.values(paymentServiceContract.sends).map((m) => [m.id, m.schema]));

function initiated(amount: number, token = 'tok_visa_4242424242', overrides: Partial<PaymentInitiated> = {}): PaymentInitiated {
  return {
    paymentId: uuid(),
    checkoutId: uuid(),
    orderId: uuid(),
    customerId: uuid(),
    amount: eur(amount),
    paymentMethod: card(token),
    billingCountry: 'NL',
    initiatedAt: '2025-03-01T10:00:00Z',
    ...overrides,
  };
}

const authorizeOf = (p: PaymentInitiated, amount = p.amount) => ({
  paymentId: p.paymentId,
  checkoutId: p.checkoutId,
  orderId: p.orderId,
  amount,
  fraudCheckId: uuid(),
});

function processor(options: PaymentOptions = {}) {
  return new PaymentProcessor({ authorizationLimit: 100_000, balances: { tok_low_balance_01: 5_000 }, now: fixedClock(), ...options });
}

describe('PaymentProcessor (domain)', () => {
  it.each([
    { name: 'an ordinary card', token: 'tok_visa_4242424242', amount: 12_900, outcome: 'authorized', reason: undefined, retryable: undefined },
    { name: 'exactly the limit', token: 'tok_visa_4242424242', amount: 100_000, outcome: 'authorized', reason: undefined, retryable: undefined },
    { name: 'over the limit', token: 'tok_visa_4242424242', amount: 100_001, outcome: 'declined', reason: 'do_not_honor', retryable: false },
    { name: 'the insufficient-funds test token', token: 'tok_test_insufficient_funds', amount: 100, outcome: 'declined', reason: 'insufficient_funds', retryable: false },
    { name: 'the expired-card test token', token: 'tok_test_card_expired', amount: 100, outcome: 'declined', reason: 'card_expired', retryable: false },
    { name: 'the provider-down test token', token: 'tok_test_provider_unavailable', amount: 100, outcome: 'declined', reason: 'provider_unavailable', retryable: true },
    { name: 'within the balance', token: 'tok_low_balance_01', amount: 5_000, outcome: 'authorized', reason: undefined, retryable: undefined },
    { name: 'beyond the balance', token: 'tok_low_balance_01', amount: 5_001, outcome: 'declined', reason: 'insufficient_funds', retryable: false },
  ])('authorize-payment with $name → $outcome $reason', ({ token, amount, outcome, reason, retryable }) => {
    const payments = processor();
    const p = initiated(amount, token);
    payments.prepare(p);
    const result = payments.authorize(authorizeOf(p));
    expect(result.outcome).toBe(outcome);
    if (result.outcome === 'declined') {
      expect(result.declined.payload).toMatchObject({ paymentId: p.paymentId, checkoutId: p.checkoutId, orderId: p.orderId, reason, retryable });
      expect(schemaErrors(schemas['payment-declined'], result.declined)).toEqual([]);
    }
    if (result.outcome === 'authorized') {
      expect(result.authorized.payload).toMatchObject({ paymentId: p.paymentId, amount: eur(amount), authorizationId: expect.stringMatching(/^auth_[A-Za-z0-9]{20}$/) });
      expect(schemaErrors(schemas['payment-authorized'], result.authorized)).toEqual([]);
    }
  });

  it('holds the authorized amount against a balance until it is voided', () => {
    const payments = processor();
    const first = initiated(3_000, 'tok_low_balance_01');
    const second = initiated(3_000, 'tok_low_balance_01');
    payments.prepare(first);
    payments.prepare(second);
    expect(payments.authorize(authorizeOf(first)).outcome).toBe('authorized');
    expect(payments.remainingBalance('tok_low_balance_01')).toBe(2_000);
    expect(payments.void({ paymentId: first.paymentId, checkoutId: first.checkoutId, orderId: first.orderId, reason: 'checkout_timed_out' })).toEqual({
      outcome: 'voided',
      previousStatus: 'authorized',
    });
    expect(payments.remainingBalance('tok_low_balance_01')).toBe(5_000);
    expect(payments.authorize(authorizeOf(second)).outcome).toBe('authorized');
  });

  it('declines an amount that differs from the initiated one', () => {
    const payments = processor();
    const p = initiated(1_000);
    payments.prepare(p);
    const result = payments.authorize(authorizeOf(p, eur(900)));
    expect(result.outcome === 'declined' && result.declined.payload).toMatchObject({ reason: 'do_not_honor', providerCode: 'amount_mismatch' });
  });

  it('is idempotent: a repeated authorize yields the same event, a repeated capture charges once, void twice is a no-op', () => {
    const payments = processor();
    const p = initiated(10_000);
    payments.prepare(p);
    const first = payments.authorize(authorizeOf(p));
    expect(payments.authorize(authorizeOf(p))).toEqual({ ...first, duplicate: true });
    if (first.outcome !== 'authorized') throw new Error('expected an authorization');
    const capture = { paymentId: p.paymentId, orderId: p.orderId, authorizationId: first.authorized.payload.authorizationId, amount: eur(8_000) };
    const captured = payments.capture(capture);
    expect(captured.processed.payload).toMatchObject({
      paymentId: p.paymentId,
      customerId: p.customerId,
      amount: eur(8_000),
      method: 'card',
      context: { type: 'order', orderId: p.orderId },
    });
    expect(schemaErrors(schemas['PaymentProcessed'], captured.processed)).toEqual([]);
    expect(payments.capture(capture)).toEqual({ ...captured, duplicate: true });
    expect(payments.payment(p.paymentId)).toMatchObject({ status: 'captured', capturedAmount: eur(8_000) });
    // A captured payment cannot be voided.
    expect(payments.void({ paymentId: p.paymentId, checkoutId: p.checkoutId, orderId: p.orderId, reason: 'customer_request' }).outcome).toBe('not_voided');
  });

  it.each([
    { name: 'more than authorized', amount: 10_001, authorization: 'own' },
    { name: 'another authorization', amount: 5_000, authorization: 'auth_SomeoneElse123' },
  ])('refuses to capture $name', ({ amount, authorization }) => {
    const payments = processor();
    const p = initiated(10_000);
    payments.prepare(p);
    const result = payments.authorize(authorizeOf(p));
    const authorizationId = authorization === 'own' && result.outcome === 'authorized' ? result.authorized.payload.authorizationId : authorization;
    expect(() => payments.capture({ paymentId: p.paymentId, orderId: p.orderId, authorizationId, amount: eur(amount) })).toThrow(PaymentStateError);
  });

  it('void-payment before the authorization (outcome unknown) closes the payment: a late authorize authorizes nothing', () => {
    const payments = processor();
    const p = initiated(2_000);
    expect(payments.void({ paymentId: p.paymentId, checkoutId: p.checkoutId, orderId: p.orderId, reason: 'checkout_timed_out' })).toEqual({
      outcome: 'voided',
      previousStatus: 'unknown',
    });
    payments.prepare(p);
    expect(payments.authorize(authorizeOf(p))).toEqual({ outcome: 'closed', status: 'voided' });
    expect(payments.void({ paymentId: p.paymentId, checkoutId: p.checkoutId, orderId: p.orderId, reason: 'checkout_timed_out' })).toEqual({ outcome: 'already_voided' });
  });

  it('waits (throws, to be retried) when authorize-payment overtakes PaymentInitiated', () => {
    const payments = processor();
    const p = initiated(2_000);
    expect(() => payments.authorize(authorizeOf(p))).toThrow(/not prepared/);
  });

  it('charges a subscription invoice once, and records declined attempts', () => {
    const payments = processor();
    const due = {
      invoiceId: uuid(),
      subscriptionId: uuid(),
      customerId: uuid(),
      amount: eur(999),
      dueDate: '2025-03-01',
      attempt: 1,
      paymentMethod: card('tok_test_card_expired'),
    };
    expect(payments.charge(due)).toEqual({ outcome: 'declined', reason: 'card_expired', attempt: 1 });
    const charged = payments.charge({ ...due, attempt: 2, paymentMethod: card() });
    expect(charged.outcome === 'charged' && charged.processed.payload).toMatchObject({
      customerId: due.customerId,
      amount: eur(999),
      context: { type: 'subscription', subscriptionId: due.subscriptionId, invoiceId: due.invoiceId },
    });
    expect(schemaErrors(schemas['PaymentProcessed'], charged.outcome === 'charged' ? charged.processed : undefined)).toEqual([]);
    expect(payments.charge({ ...due, attempt: 3, paymentMethod: card() })).toEqual({ ...charged, duplicate: true });
  });
});

describe('Payment Service (running)', () => {
  let transport: Transport;
  let process: PaymentServiceProcess | undefined;
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  async function start() {
    transport = memoryTransport();
    process = await startPaymentServiceProcess(transport, { logger, payments: { authorizationLimit: 50_000 } });
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    return { saga, payments: process.payments };
  }

  it('prepares on PaymentInitiated, authorizes, captures the confirmed amount (PaymentProcessed) and keeps the saga correlation', async () => {
    const { saga, payments } = await start();
    const billing = await startProbe(transport, billingServiceContract); // receives PaymentProcessed
    const p = initiated(20_000);
    await saga.service.producer.publishPaymentInitiated(p);
    await expect.poll(() => payments.payment(p.paymentId)?.status).toBe('pending');

    const authorizeId = uuid();
    await saga.service.producer.sendAuthorizePayment(authorizeOf(p), { messageId: authorizeId, correlationId: p.checkoutId });
    await expect.poll(() => saga.of('paymentAuthorized')).toHaveLength(1);
    const [authorized] = saga.all('paymentAuthorized');
    expect(authorized?.envelope).toMatchObject({ correlationId: p.checkoutId, causationId: authorizeId });

    // A second delivery of the command does not authorize twice: same event, same message id.
    await saga.service.producer.sendAuthorizePayment(authorizeOf(p));
    await expect.poll(() => saga.all('paymentAuthorized').map((r) => r.envelope.messageId)).toEqual([authorized?.envelope.messageId, authorized?.envelope.messageId]);

    const authorizationId = authorized?.payload.authorizationId ?? '';
    await saga.service.producer.sendCapturePayment({ paymentId: p.paymentId, orderId: p.orderId, authorizationId, amount: eur(18_000) });
    await expect.poll(() => billing.of('paymentProcessed')).toHaveLength(1);
    expect(billing.of('paymentProcessed')[0]).toMatchObject({ paymentId: p.paymentId, amount: eur(18_000), context: { type: 'order', orderId: p.orderId } });
    expect(payments.payment(p.paymentId)?.status).toBe('captured');

    // More than was authorized can never be captured: no retry, straight to capture-refused.
    const refused = await watchQueue(transport, 'payment-service.dlq.capture-refused');
    const other = initiated(10_000);
    await saga.service.producer.publishPaymentInitiated(other);
    await expect.poll(() => payments.payment(other.paymentId)?.status).toBe('pending');
    await saga.service.producer.sendAuthorizePayment(authorizeOf(other));
    await expect.poll(() => saga.of('paymentAuthorized').find((a) => a.paymentId === other.paymentId)).toBeDefined();
    const otherAuthorization = saga.of('paymentAuthorized').find((a) => a.paymentId === other.paymentId)?.authorizationId ?? '';
    await saga.service.producer.sendCapturePayment({ paymentId: other.paymentId, orderId: other.orderId, authorizationId: otherAuthorization, amount: eur(12_000) });
    await expect.poll(() => refused.messages.length).toBe(1);
    expect(refused.messages[0]?.headers).toMatchObject({
      [HEADERS.deadLetterReason]: 'permanent-failure',
      [HEADERS.businessDeadLetter]: 'capture-refused',
      [HEADERS.attempt]: 1,
      [HEADERS.error]: 'cannot capture 12000 EUR from an authorization of 10000 EUR',
    });
    expect(payments.payment(other.paymentId)?.status).toBe('authorized');
    await refused.stop();
  });

  it('declines by rule (over the limit) with payment-declined, and voids idempotently', async () => {
    const { saga, payments } = await start();
    const big = initiated(50_001);
    await saga.service.producer.publishPaymentInitiated(big);
    await expect.poll(() => payments.payment(big.paymentId)).toBeDefined();
    await saga.service.producer.sendAuthorizePayment(authorizeOf(big));
    await expect.poll(() => saga.of('paymentDeclined')).toHaveLength(1);
    expect(saga.of('paymentDeclined')[0]).toMatchObject({ paymentId: big.paymentId, checkoutId: big.checkoutId, reason: 'do_not_honor', providerCode: 'limit_exceeded', retryable: false });

    const small = initiated(1_000);
    await saga.service.producer.publishPaymentInitiated(small);
    await expect.poll(() => payments.payment(small.paymentId)).toBeDefined();
    await saga.service.producer.sendAuthorizePayment(authorizeOf(small));
    await expect.poll(() => payments.payment(small.paymentId)?.status).toBe('authorized');
    const voidCommand = { paymentId: small.paymentId, checkoutId: small.checkoutId, orderId: small.orderId, reason: 'checkout_timed_out' as const };
    await saga.service.producer.sendVoidPayment(voidCommand);
    await saga.service.producer.sendVoidPayment(voidCommand);
    await expect.poll(() => payments.payment(small.paymentId)?.status).toBe('voided');
  });

  it('charges SubscriptionPaymentDue from Billing and publishes PaymentProcessed with the subscription context', async () => {
    const { payments } = await start();
    const billing = await startProbe(transport, billingServiceContract);
    const due = {
      invoiceId: uuid(),
      subscriptionId: uuid(),
      customerId: uuid(),
      amount: eur(1_499),
      dueDate: '2025-03-01',
      attempt: 1,
      paymentMethod: card(),
    };
    await billing.service.producer.publishSubscriptionPaymentDue(due);
    await billing.service.producer.publishSubscriptionPaymentDue(due);
    await expect.poll(() => billing.all('paymentProcessed')).toHaveLength(2);
    const [first, second] = billing.all('paymentProcessed');
    expect(first?.payload.context).toEqual({ type: 'subscription', subscriptionId: due.subscriptionId, invoiceId: due.invoiceId });
    expect(second?.envelope.messageId).toBe(first?.envelope.messageId);
    expect(payments.payment(first?.payload.paymentId ?? '')).toBeUndefined(); // subscription charges are not checkout payments
  });
});
