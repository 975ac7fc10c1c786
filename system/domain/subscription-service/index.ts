/**
 * Subscription Service domain: the subscription lifecycle of the Cancel Subscription flow.
 *
 * - `start` (sign-up happens outside this catalog) activates a subscription: the first period
 *   runs from the start for one plan interval → UserSubscriptionStarted.
 * - RequestSubscriptionCancellation is accepted when the subscription exists, belongs to the
 *   customer and is active → UserSubscriptionCancelled; `effectiveAt` is now for `immediately`,
 *   otherwise the end of the paid period (the later of the current period end and the
 *   paid-through date). Otherwise it is refused and nothing is published.
 * - PaymentProcessed with a `subscription` context extends the paid-through date by one plan
 *   interval per invoice (each invoice counts once); other payments are ignored.
 * Idempotency: starting or cancelling again yields the stored event (same message id).
 */
import type { PaymentProcessed } from '../../../generated/types/payment-processed.js';
import type { RequestSubscriptionCancellation } from '../../../generated/types/request-subscription-cancellation.js';
import type { UserSubscriptionCancelled } from '../../../generated/types/user-subscription-cancelled.js';
import type { UserSubscriptionStarted } from '../../../generated/types/user-subscription-started.js';
import { addMonths, DomainConflictError, iso, reject, stableId, systemClock, type Clock, type Emitted, type Rejection } from '../shared/index.js';

export type Plan = UserSubscriptionStarted['plan'];
export type SubscriptionStatus = 'active' | 'cancelled';

export interface SubscriptionsOptions {
  readonly now?: Clock;
}

export interface StartSubscription {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly plan: Plan;
  /** Default: now. */
  readonly startedAt?: string;
}

export interface SubscriptionView {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly plan: Plan;
  readonly status: SubscriptionStatus;
  readonly startedAt: string;
  readonly currentPeriodEnd: string;
  readonly paidThrough: string;
  readonly effectiveAt?: string;
}

export type CancelSubscriptionResult =
  | { readonly outcome: 'cancelled'; readonly duplicate: boolean; readonly cancelled: Emitted<UserSubscriptionCancelled> }
  | Rejection<'not_found' | 'not_owner' | 'not_active'>;

export type PaymentResult = { readonly outcome: 'extended' | 'duplicate'; readonly paidThrough: string } | { readonly outcome: 'ignored'; readonly reason: string };

interface Subscription {
  subscriptionId: string;
  customerId: string;
  plan: Plan;
  status: SubscriptionStatus;
  startedAt: Date;
  currentPeriodEnd: Date;
  paidThrough: Date;
  paidInvoices: Set<string>;
  started: Emitted<UserSubscriptionStarted>;
  cancelled?: Emitted<UserSubscriptionCancelled>;
}

export const addInterval = (date: Date, interval: Plan['interval']): Date => addMonths(date, interval === 'year' ? 12 : 1);

export class Subscriptions {
  private readonly now: Clock;
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(options: SubscriptionsOptions = {}) {
    this.now = options.now ?? systemClock;
  }

  subscription(subscriptionId: string): SubscriptionView | undefined {
    const s = this.subscriptions.get(subscriptionId);
    if (!s) return undefined;
    return {
      subscriptionId: s.subscriptionId,
      customerId: s.customerId,
      plan: structuredClone(s.plan),
      status: s.status,
      startedAt: iso(s.startedAt),
      currentPeriodEnd: iso(s.currentPeriodEnd),
      paidThrough: iso(s.paidThrough),
      ...(s.cancelled ? { effectiveAt: s.cancelled.payload.effectiveAt } : {}),
    };
  }

  /** Activates a subscription (UserSubscriptionStarted). */
  start(input: StartSubscription): { readonly duplicate: boolean; readonly started: Emitted<UserSubscriptionStarted> } {
    const existing = this.subscriptions.get(input.subscriptionId);
    if (existing) {
      if (existing.customerId !== input.customerId || existing.plan.planId !== input.plan.planId) {
        throw new DomainConflictError(`subscription ${input.subscriptionId} exists for another customer or plan`);
      }
      return { duplicate: true, started: existing.started };
    }
    const startedAt = input.startedAt !== undefined ? new Date(input.startedAt) : this.now();
    if (Number.isNaN(startedAt.getTime())) throw new Error(`startedAt ${input.startedAt} is not a date-time`);
    const currentPeriodEnd = addInterval(startedAt, input.plan.interval);
    const started: Emitted<UserSubscriptionStarted> = {
      messageId: stableId('UserSubscriptionStarted', input.subscriptionId),
      payload: {
        subscriptionId: input.subscriptionId,
        customerId: input.customerId,
        plan: structuredClone(input.plan),
        startedAt: iso(startedAt),
        currentPeriodEnd: iso(currentPeriodEnd),
      },
    };
    this.subscriptions.set(input.subscriptionId, {
      subscriptionId: input.subscriptionId,
      customerId: input.customerId,
      plan: structuredClone(input.plan),
      status: 'active',
      startedAt,
      currentPeriodEnd,
      paidThrough: startedAt,
      paidInvoices: new Set(),
      started,
    });
    return { duplicate: false, started };
  }

  /** RequestSubscriptionCancellation. */
  requestCancellation(command: RequestSubscriptionCancellation): CancelSubscriptionResult {
    const s = this.subscriptions.get(command.subscriptionId);
    if (!s) return reject('not_found', `subscription ${command.subscriptionId} is unknown`);
    if (s.customerId !== command.customerId) return reject('not_owner', `subscription ${command.subscriptionId} belongs to another customer`);
    if (s.cancelled) return { outcome: 'cancelled', duplicate: true, cancelled: s.cancelled };
    if (s.status !== 'active') return reject('not_active', `subscription ${command.subscriptionId} is ${s.status}`);
    const now = this.now();
    const paidPeriodEnd = s.paidThrough > s.currentPeriodEnd ? s.paidThrough : s.currentPeriodEnd;
    const effectiveAt = command.cancelAt === 'immediately' ? now : paidPeriodEnd;
    s.status = 'cancelled';
    s.cancelled = {
      messageId: stableId('UserSubscriptionCancelled', s.subscriptionId),
      payload: {
        subscriptionId: s.subscriptionId,
        customerId: s.customerId,
        planId: s.plan.planId,
        reason: command.reason,
        effectiveAt: iso(effectiveAt),
        cancelledAt: iso(now),
      },
    };
    return { outcome: 'cancelled', duplicate: false, cancelled: s.cancelled };
  }

  /** PaymentProcessed: a paid subscription invoice extends the paid-through date. */
  paymentProcessed(event: PaymentProcessed): PaymentResult {
    if (event.context.type !== 'subscription') return { outcome: 'ignored', reason: 'not a subscription payment' };
    const s = this.subscriptions.get(event.context.subscriptionId);
    if (!s) return { outcome: 'ignored', reason: `subscription ${event.context.subscriptionId} is unknown` };
    if (s.paidInvoices.has(event.context.invoiceId)) return { outcome: 'duplicate', paidThrough: iso(s.paidThrough) };
    s.paidInvoices.add(event.context.invoiceId);
    s.paidThrough = addInterval(s.paidThrough, s.plan.interval);
    if (s.status === 'active' && s.paidThrough > s.currentPeriodEnd) s.currentPeriodEnd = s.paidThrough;
    return { outcome: 'extended', paidThrough: iso(s.paidThrough) };
  }
}
