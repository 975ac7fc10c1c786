/**
 * Payment Service domain: a simulated payment provider with explicit decline rules.
 *
 * Checkout payments: PaymentInitiated prepares a pending payment (the intent, with the payment
 * method); authorize-payment authorizes or declines it; capture-payment takes at most the
 * authorized amount (PaymentProcessed); void-payment releases the authorization. Subscription
 * invoices (SubscriptionPaymentDue) are charged directly (PaymentProcessed on success).
 *
 * Decline rules, checked in this order:
 * 1. the token is one of the provider's test tokens (`DECLINE_TOKENS`) → that reason;
 * 2. the amount is above `authorizationLimit` (minor units) → do_not_honor (`limit_exceeded`);
 * 3. the token has a funding balance (`balances`) and the amount exceeds what is left of it after
 *    open authorizations and captures → insufficient_funds.
 * An authorize-payment whose amount differs from the PaymentInitiated amount is declined too
 * (do_not_honor, `amount_mismatch`).
 *
 * Idempotency: payments are keyed by `paymentId`, subscription charges by `invoiceId`. A
 * repeated command returns the stored outcome and its events under the same message ids; a
 * void-payment for a payment never authorized leaves it voided, so a late authorize-payment
 * authorizes nothing.
 */
import type { AuthorizePayment } from '../../../generated/types/authorize-payment.js';
import type { CapturePayment } from '../../../generated/types/capture-payment.js';
import type { PaymentAuthorized } from '../../../generated/types/payment-authorized.js';
import type { PaymentDeclined } from '../../../generated/types/payment-declined.js';
import type { PaymentInitiated } from '../../../generated/types/payment-initiated.js';
import type { PaymentProcessed } from '../../../generated/types/payment-processed.js';
import type { SubscriptionPaymentDue } from '../../../generated/types/subscription-payment-due.js';
import type { VoidPayment } from '../../../generated/types/void-payment.js';
import { addMs, DAY_MS, DomainConflictError, iso, stableId, stableToken, systemClock, type Clock, type Emitted, type Money } from '../shared/index.js';

export type DeclineReason = PaymentDeclined['reason'];
export type PaymentMethodType = PaymentInitiated['paymentMethod']['type'];

/** Provider test tokens that always decline, with the reason and whether a retry may help. */
export const DECLINE_TOKENS: Readonly<Record<string, { reason: DeclineReason; retryable: boolean }>> = {
  tok_test_insufficient_funds: { reason: 'insufficient_funds', retryable: false },
  tok_test_card_expired: { reason: 'card_expired', retryable: false },
  tok_test_do_not_honor: { reason: 'do_not_honor', retryable: false },
  tok_test_authentication_failed: { reason: 'authentication_failed', retryable: true },
  tok_test_provider_unavailable: { reason: 'provider_unavailable', retryable: true },
};

export interface PaymentOptions {
  /** Largest amount (minor units, any currency) authorized or charged at once (default 500,000). */
  readonly authorizationLimit?: number;
  /** Funds available per payment token (minor units); tokens without an entry have no limit. */
  readonly balances?: Readonly<Record<string, number>>;
  /** Extra declining tokens on top of `DECLINE_TOKENS`. */
  readonly declineTokens?: Readonly<Record<string, { reason: DeclineReason; retryable: boolean }>>;
  /** How long an authorization holds (default 7 days). */
  readonly authorizationTtlMs?: number;
  readonly now?: Clock;
}

export type PaymentStatus = 'pending' | 'authorized' | 'declined' | 'captured' | 'voided';

export interface PaymentView {
  readonly paymentId: string;
  readonly checkoutId: string;
  readonly orderId: string;
  readonly customerId?: string;
  readonly status: PaymentStatus;
  readonly amount: Money;
  readonly method?: PaymentMethodType;
  readonly authorizationId?: string;
  readonly capturedAmount?: Money;
  readonly declineReason?: DeclineReason;
}

export type PrepareResult = { readonly outcome: 'prepared' | 'duplicate'; readonly payment: PaymentView };

export type AuthorizeResult =
  | { readonly outcome: 'authorized'; readonly duplicate: boolean; readonly authorized: Emitted<PaymentAuthorized> }
  | { readonly outcome: 'declined'; readonly duplicate: boolean; readonly declined: Emitted<PaymentDeclined> }
  /** Voided (or captured) before this command arrived: nothing is authorized or published. */
  | { readonly outcome: 'closed'; readonly status: PaymentStatus };

export type CaptureResult = { readonly outcome: 'captured'; readonly duplicate: boolean; readonly processed: Emitted<PaymentProcessed> };

export type VoidResult =
  | { readonly outcome: 'voided'; readonly previousStatus: PaymentStatus | 'unknown' }
  | { readonly outcome: 'already_voided' }
  /** Captured, or the authorization named in the command is not this payment's: nothing changes. */
  | { readonly outcome: 'not_voided'; readonly reason: string };

export type ChargeResult =
  | { readonly outcome: 'charged'; readonly duplicate: boolean; readonly processed: Emitted<PaymentProcessed> }
  | { readonly outcome: 'declined'; readonly reason: DeclineReason; readonly attempt: number };

/** A command the payment cannot accept in its state (capture before authorization, over the authorized amount…). */
export class PaymentStateError extends DomainConflictError {}

interface Payment {
  paymentId: string;
  checkoutId: string;
  orderId: string;
  customerId?: string;
  amount: Money;
  method?: PaymentMethodType;
  token?: string;
  status: PaymentStatus;
  authorizationId?: string;
  /** Units of the balance this payment holds or has taken. */
  held: number;
  capturedAmount?: Money;
  declineReason?: DeclineReason;
  authorized?: Emitted<PaymentAuthorized>;
  declined?: Emitted<PaymentDeclined>;
  processed?: Emitted<PaymentProcessed>;
}

interface Charge {
  processed?: Emitted<PaymentProcessed>;
  attempts: Map<number, DeclineReason>;
}

export class PaymentProcessor {
  private readonly limit: number;
  private readonly balances: Map<string, number>;
  private readonly declineTokens: Readonly<Record<string, { reason: DeclineReason; retryable: boolean }>>;
  private readonly ttlMs: number;
  private readonly now: Clock;
  private readonly payments = new Map<string, Payment>();
  private readonly charges = new Map<string, Charge>();
  /** Units held or taken per token. */
  private readonly used = new Map<string, number>();

  constructor(options: PaymentOptions = {}) {
    this.limit = options.authorizationLimit ?? 500_000;
    this.balances = new Map(Object.entries(options.balances ?? {}));
    this.declineTokens = { ...DECLINE_TOKENS, ...options.declineTokens };
    this.ttlMs = options.authorizationTtlMs ?? 7 * DAY_MS;
    this.now = options.now ?? systemClock;
  }

  payment(paymentId: string): PaymentView | undefined {
    const p = this.payments.get(paymentId);
    if (!p) return undefined;
    return {
      paymentId: p.paymentId,
      checkoutId: p.checkoutId,
      orderId: p.orderId,
      status: p.status,
      amount: { ...p.amount },
      ...(p.customerId ? { customerId: p.customerId } : {}),
      ...(p.method ? { method: p.method } : {}),
      ...(p.authorizationId ? { authorizationId: p.authorizationId } : {}),
      ...(p.capturedAmount ? { capturedAmount: { ...p.capturedAmount } } : {}),
      ...(p.declineReason ? { declineReason: p.declineReason } : {}),
    };
  }

  /** Funds left on a token with a balance (undefined: unlimited). */
  remainingBalance(token: string): number | undefined {
    const balance = this.balances.get(token);
    return balance === undefined ? undefined : balance - (this.used.get(token) ?? 0);
  }

  /** PaymentInitiated: a pending payment (intent) with the customer's payment method. */
  prepare(event: PaymentInitiated): PrepareResult {
    const existing = this.payments.get(event.paymentId);
    if (existing) {
      if (existing.checkoutId !== event.checkoutId) {
        throw new DomainConflictError(`payment ${event.paymentId} belongs to checkout ${existing.checkoutId}, not ${event.checkoutId}`);
      }
      // A void that overtook the intent left a tombstone: fill in what it did not know.
      if (existing.token === undefined) existing.amount = { ...event.amount };
      existing.customerId ??= event.customerId;
      existing.method ??= event.paymentMethod.type;
      existing.token ??= event.paymentMethod.token;
      return { outcome: 'duplicate', payment: this.payment(event.paymentId) as PaymentView };
    }
    this.payments.set(event.paymentId, {
      paymentId: event.paymentId,
      checkoutId: event.checkoutId,
      orderId: event.orderId,
      customerId: event.customerId,
      amount: { ...event.amount },
      method: event.paymentMethod.type,
      token: event.paymentMethod.token,
      status: 'pending',
      held: 0,
    });
    return { outcome: 'prepared', payment: this.payment(event.paymentId) as PaymentView };
  }

  /**
   * authorize-payment. Throws `PaymentStateError` when no PaymentInitiated was seen for the payment
   * yet (the two travel on different exchanges): the message is retried until it was.
   */
  authorize(command: AuthorizePayment): AuthorizeResult {
    const payment = this.payments.get(command.paymentId);
    if (!payment || payment.token === undefined) {
      if (payment?.status === 'voided') return { outcome: 'closed', status: 'voided' };
      throw new PaymentStateError(`payment ${command.paymentId} is not prepared (no PaymentInitiated seen yet)`);
    }
    if (payment.checkoutId !== command.checkoutId || payment.orderId !== command.orderId) {
      throw new DomainConflictError(`payment ${command.paymentId} belongs to checkout ${payment.checkoutId}, not ${command.checkoutId}`);
    }
    if (payment.authorized && payment.status === 'authorized') return { outcome: 'authorized', duplicate: true, authorized: payment.authorized };
    if (payment.declined) return { outcome: 'declined', duplicate: true, declined: payment.declined };
    if (payment.status !== 'pending') return { outcome: 'closed', status: payment.status };

    const now = this.now();
    const amountMatches = command.amount.amount === payment.amount.amount && command.amount.currency === payment.amount.currency;
    const decline = amountMatches
      ? this.declineFor(payment.token, command.amount.amount)
      : { reason: 'do_not_honor' as const, retryable: false, providerCode: 'amount_mismatch' };
    if (decline) {
      payment.status = 'declined';
      payment.declineReason = decline.reason;
      payment.declined = {
        messageId: stableId('payment-declined', payment.paymentId),
        payload: {
          paymentId: payment.paymentId,
          checkoutId: payment.checkoutId,
          orderId: payment.orderId,
          reason: decline.reason,
          providerCode: decline.providerCode,
          retryable: decline.retryable,
          declinedAt: iso(now),
        },
      };
      return { outcome: 'declined', duplicate: false, declined: payment.declined };
    }
    payment.status = 'authorized';
    payment.authorizationId = `auth_${stableToken(20, 'authorization', payment.paymentId)}`;
    payment.held = command.amount.amount;
    this.use(payment.token, payment.held);
    payment.authorized = {
      messageId: stableId('payment-authorized', payment.paymentId),
      payload: {
        paymentId: payment.paymentId,
        checkoutId: payment.checkoutId,
        orderId: payment.orderId,
        authorizationId: payment.authorizationId,
        amount: { ...command.amount },
        expiresAt: iso(addMs(now, this.ttlMs)),
        authorizedAt: iso(now),
      },
    };
    return { outcome: 'authorized', duplicate: false, authorized: payment.authorized };
  }

  /** capture-payment: takes at most the authorized amount; the rest of the hold is released. */
  capture(command: CapturePayment): CaptureResult {
    const payment = this.payments.get(command.paymentId);
    if (!payment) throw new PaymentStateError(`payment ${command.paymentId} is unknown`);
    if (payment.processed) return { outcome: 'captured', duplicate: true, processed: payment.processed };
    if (payment.status !== 'authorized' || !payment.authorized) {
      throw new PaymentStateError(`payment ${command.paymentId} is ${payment.status}, not authorized: nothing to capture`);
    }
    if (command.authorizationId !== payment.authorizationId || command.orderId !== payment.orderId) {
      throw new PaymentStateError(`authorization ${command.authorizationId} of order ${command.orderId} is not the one of payment ${payment.paymentId}`);
    }
    const authorized = payment.authorized.payload.amount;
    if (command.amount.currency !== authorized.currency || command.amount.amount > authorized.amount) {
      throw new PaymentStateError(
        `cannot capture ${command.amount.amount} ${command.amount.currency} from an authorization of ${authorized.amount} ${authorized.currency}`,
      );
    }
    const now = this.now();
    this.use(payment.token, command.amount.amount - payment.held);
    payment.held = command.amount.amount;
    payment.status = 'captured';
    payment.capturedAmount = { ...command.amount };
    payment.processed = {
      messageId: stableId('PaymentProcessed', 'order', payment.paymentId),
      payload: {
        paymentId: payment.paymentId,
        customerId: payment.customerId as string,
        amount: { ...command.amount },
        method: payment.method as PaymentMethodType,
        context: { type: 'order', orderId: payment.orderId },
        providerReference: `psp_${stableToken(24, 'capture', payment.paymentId)}`,
        processedAt: iso(now),
      },
    };
    return { outcome: 'captured', duplicate: false, processed: payment.processed };
  }

  /** void-payment: releases an authorization, or closes a pending or unknown payment; idempotent. */
  void(command: VoidPayment): VoidResult {
    const payment = this.payments.get(command.paymentId);
    if (!payment) {
      this.payments.set(command.paymentId, {
        paymentId: command.paymentId,
        checkoutId: command.checkoutId,
        orderId: command.orderId,
        amount: { amount: 0, currency: 'XXX' },
        status: 'voided',
        held: 0,
      });
      return { outcome: 'voided', previousStatus: 'unknown' };
    }
    if (payment.status === 'voided') return { outcome: 'already_voided' };
    if (payment.status === 'captured') return { outcome: 'not_voided', reason: `payment ${payment.paymentId} is captured` };
    if (command.authorizationId !== undefined && payment.authorizationId !== undefined && command.authorizationId !== payment.authorizationId) {
      return { outcome: 'not_voided', reason: `authorization ${command.authorizationId} is not the one of payment ${payment.paymentId}` };
    }
    const previousStatus = payment.status;
    this.use(payment.token, -payment.held);
    payment.held = 0;
    payment.status = 'voided';
    return { outcome: 'voided', previousStatus };
  }

  /** SubscriptionPaymentDue: charges the stored payment method once per invoice. */
  charge(event: SubscriptionPaymentDue): ChargeResult {
    let charge = this.charges.get(event.invoiceId);
    if (charge?.processed) return { outcome: 'charged', duplicate: true, processed: charge.processed };
    if (!charge) {
      charge = { attempts: new Map() };
      this.charges.set(event.invoiceId, charge);
    }
    const earlier = charge.attempts.get(event.attempt);
    if (earlier) return { outcome: 'declined', reason: earlier, attempt: event.attempt };
    const decline = this.declineFor(event.paymentMethod.token, event.amount.amount);
    if (decline) {
      charge.attempts.set(event.attempt, decline.reason);
      return { outcome: 'declined', reason: decline.reason, attempt: event.attempt };
    }
    this.use(event.paymentMethod.token, event.amount.amount);
    const paymentId = stableId('subscription-charge', event.invoiceId);
    charge.processed = {
      messageId: stableId('PaymentProcessed', 'subscription', event.invoiceId),
      payload: {
        paymentId,
        customerId: event.customerId,
        amount: { ...event.amount },
        method: event.paymentMethod.type,
        context: { type: 'subscription', subscriptionId: event.subscriptionId, invoiceId: event.invoiceId },
        providerReference: `psp_${stableToken(24, 'charge', event.invoiceId)}`,
        processedAt: iso(this.now()),
      },
    };
    return { outcome: 'charged', duplicate: false, processed: charge.processed };
  }

  /** The decline rules (see the module comment), or undefined when the provider would accept. */
  declineFor(token: string, amount: number): { reason: DeclineReason; retryable: boolean; providerCode: string } | undefined {
    const testToken = Object.hasOwn(this.declineTokens, token) ? this.declineTokens[token] : undefined;
    if (testToken) return { ...testToken, providerCode: `test_${testToken.reason}` };
    if (amount > this.limit) return { reason: 'do_not_honor', retryable: false, providerCode: 'limit_exceeded' };
    const remaining = this.remainingBalance(token);
    if (remaining !== undefined && amount > remaining) return { reason: 'insufficient_funds', retryable: false, providerCode: 'insufficient_funds' };
    return undefined;
  }

  private use(token: string | undefined, units: number): void {
    if (token === undefined || units === 0) return;
    this.used.set(token, (this.used.get(token) ?? 0) + units);
  }
}
