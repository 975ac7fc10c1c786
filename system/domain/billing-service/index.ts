/**
 * Billing Service domain: one billing schedule per subscription.
 *
 * - UserSubscriptionStarted opens the schedule and issues the first invoice for the first period
 *   (InvoiceGenerated, due on the start date); when a payment method is stored for the customer
 *   the payment is requested at once (SubscriptionPaymentDue, attempt 1).
 * - `runCycle()` (call it periodically) issues the invoice of every period that has begun, asks
 *   for payment of open invoices on their due date, and asks again (attempt + 1) when an invoice
 *   is still open `retryAfterMs` after the last request, up to `maxAttempts`.
 * - UserSubscriptionCancelled closes the schedule at `effectiveAt`: no invoice for a period that
 *   starts at or after it (open ones are voided) and no payment request after it.
 * - PaymentProcessed with a `subscription` context marks the invoice paid.
 * Idempotency: invoice ids derive from subscription and period start, payment requests from
 * invoice and attempt; a repeated UserSubscriptionStarted yields the stored events.
 */
import type { InvoiceGenerated } from '../../../generated/types/invoice-generated.js';
import type { PaymentProcessed } from '../../../generated/types/payment-processed.js';
import type { SubscriptionPaymentDue } from '../../../generated/types/subscription-payment-due.js';
import type { UserSubscriptionCancelled } from '../../../generated/types/user-subscription-cancelled.js';
import type { UserSubscriptionStarted } from '../../../generated/types/user-subscription-started.js';
import { addMonths, DAY_MS, iso, isoDate, stableId, systemClock, type Clock, type Emitted, type Money } from '../shared/index.js';

export type PaymentMethod = SubscriptionPaymentDue['paymentMethod'];
export type Plan = UserSubscriptionStarted['plan'];
export type InvoiceStatus = InvoiceGenerated['status'];

export interface BillingOptions {
  /** Stored payment method per customer. */
  readonly paymentMethods?: Readonly<Record<string, PaymentMethod>>;
  /** Ask again for an invoice still open this long after the last request (default 1 day). */
  readonly retryAfterMs?: number;
  /** Payment requests per invoice (default 5, the schema maximum). */
  readonly maxAttempts?: number;
  /** Number of the first invoice (default 1): INV-000001. */
  readonly firstInvoiceNumber?: number;
  readonly now?: Clock;
}

export interface BillingEvents {
  readonly invoices: readonly Emitted<InvoiceGenerated>[];
  readonly paymentsDue: readonly Emitted<SubscriptionPaymentDue>[];
}

export interface InvoiceView {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly subscriptionId: string;
  readonly status: InvoiceStatus;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly total: Money;
  readonly paymentRequests: number;
}

export interface ScheduleView {
  readonly subscriptionId: string;
  readonly status: 'open' | 'closed';
  readonly endsAt?: string;
  readonly nextPeriodStart?: string;
  readonly invoices: readonly InvoiceView[];
}

interface Schedule {
  subscriptionId: string;
  customerId: string;
  plan?: Plan;
  status: 'open' | 'closed';
  nextPeriodStart?: Date;
  endsAt?: Date;
  invoiceIds: string[];
  firstEvents?: BillingEvents;
}

interface Invoice {
  invoiceId: string;
  invoiceNumber: string;
  subscriptionId: string;
  customerId: string;
  periodStart: Date;
  periodEnd: Date;
  total: Money;
  status: InvoiceStatus;
  dueDate: string;
  attempts: number;
  lastRequestAt?: Date;
}

const periodEnd = (start: Date, plan: Plan) => addMonths(start, plan.interval === 'year' ? 12 : 1);

export class Billing {
  private readonly paymentMethods = new Map<string, PaymentMethod>();
  private readonly retryAfterMs: number;
  private readonly maxAttempts: number;
  private readonly now: Clock;
  private readonly schedules = new Map<string, Schedule>();
  private readonly invoices = new Map<string, Invoice>();
  private nextNumber: number;

  constructor(options: BillingOptions = {}) {
    for (const [customerId, method] of Object.entries(options.paymentMethods ?? {})) this.paymentMethods.set(customerId, method);
    this.retryAfterMs = options.retryAfterMs ?? DAY_MS;
    this.maxAttempts = Math.min(5, options.maxAttempts ?? 5);
    this.nextNumber = options.firstInvoiceNumber ?? 1;
    this.now = options.now ?? systemClock;
  }

  setPaymentMethod(customerId: string, method: PaymentMethod): void {
    this.paymentMethods.set(customerId, method);
  }

  schedule(subscriptionId: string): ScheduleView | undefined {
    const s = this.schedules.get(subscriptionId);
    if (!s) return undefined;
    return {
      subscriptionId: s.subscriptionId,
      status: s.status,
      ...(s.endsAt ? { endsAt: iso(s.endsAt) } : {}),
      ...(s.nextPeriodStart ? { nextPeriodStart: iso(s.nextPeriodStart) } : {}),
      invoices: s.invoiceIds.map((id) => this.invoice(id) as InvoiceView),
    };
  }

  invoice(invoiceId: string): InvoiceView | undefined {
    const i = this.invoices.get(invoiceId);
    if (!i) return undefined;
    return {
      invoiceId: i.invoiceId,
      invoiceNumber: i.invoiceNumber,
      subscriptionId: i.subscriptionId,
      status: i.status,
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      total: { ...i.total },
      paymentRequests: i.attempts,
    };
  }

  /** UserSubscriptionStarted: opens the schedule, issues the first invoice and asks for its payment. */
  subscriptionStarted(event: UserSubscriptionStarted): BillingEvents & { readonly duplicate: boolean } {
    const existing = this.schedules.get(event.subscriptionId);
    if (existing?.firstEvents) return { ...existing.firstEvents, duplicate: true };
    if (existing?.status === 'closed') return { invoices: [], paymentsDue: [], duplicate: true }; // cancelled before it started here
    const now = this.now();
    const schedule: Schedule = {
      subscriptionId: event.subscriptionId,
      customerId: event.customerId,
      plan: structuredClone(event.plan),
      status: 'open',
      nextPeriodStart: new Date(event.startedAt),
      invoiceIds: [],
    };
    this.schedules.set(schedule.subscriptionId, schedule);
    const first = this.issue(schedule, new Date(event.currentPeriodEnd), now);
    const due = this.requestPayment(first.invoice, now);
    schedule.firstEvents = { invoices: [first.generated], paymentsDue: due ? [due] : [] };
    return { ...schedule.firstEvents, duplicate: false };
  }

  /** UserSubscriptionCancelled: no billing from `effectiveAt` on. */
  subscriptionCancelled(event: UserSubscriptionCancelled): { readonly outcome: 'closed' | 'duplicate'; readonly voided: readonly string[] } {
    const effectiveAt = new Date(event.effectiveAt);
    let schedule = this.schedules.get(event.subscriptionId);
    if (!schedule) {
      schedule = { subscriptionId: event.subscriptionId, customerId: event.customerId, status: 'closed', endsAt: effectiveAt, invoiceIds: [] };
      this.schedules.set(schedule.subscriptionId, schedule);
      return { outcome: 'closed', voided: [] };
    }
    if (schedule.status === 'closed') return { outcome: 'duplicate', voided: [] };
    schedule.status = 'closed';
    schedule.endsAt = effectiveAt;
    const voided: string[] = [];
    for (const id of schedule.invoiceIds) {
      const invoice = this.invoices.get(id);
      if (invoice && invoice.status === 'open' && invoice.periodStart >= effectiveAt) {
        invoice.status = 'void';
        voided.push(id);
      }
    }
    return { outcome: 'closed', voided };
  }

  /** PaymentProcessed: marks a subscription invoice paid. */
  paymentProcessed(event: PaymentProcessed): 'paid' | 'duplicate' | 'ignored' {
    if (event.context.type !== 'subscription') return 'ignored';
    const invoice = this.invoices.get(event.context.invoiceId);
    if (!invoice) return 'ignored';
    if (invoice.status === 'paid') return 'duplicate';
    invoice.status = 'paid';
    return 'paid';
  }

  /** Issues the invoices of periods that have begun and asks for due and overdue payments. */
  runCycle(): BillingEvents {
    const now = this.now();
    const invoices: Emitted<InvoiceGenerated>[] = [];
    const paymentsDue: Emitted<SubscriptionPaymentDue>[] = [];
    for (const schedule of this.schedules.values()) {
      if (schedule.status === 'open' && schedule.plan) {
        while (schedule.nextPeriodStart && schedule.nextPeriodStart <= now) {
          invoices.push(this.issue(schedule, periodEnd(schedule.nextPeriodStart, schedule.plan), now).generated);
        }
      }
      if (schedule.endsAt && schedule.endsAt <= now) continue;
      for (const id of schedule.invoiceIds) {
        const invoice = this.invoices.get(id);
        if (!invoice || invoice.status !== 'open' || invoice.dueDate > isoDate(now)) continue;
        const due =
          invoice.attempts === 0 ||
          (invoice.attempts < this.maxAttempts && invoice.lastRequestAt && now.getTime() - invoice.lastRequestAt.getTime() >= this.retryAfterMs);
        if (!due) continue;
        const request = this.requestPayment(invoice, now);
        if (request) paymentsDue.push(request);
      }
    }
    return { invoices, paymentsDue };
  }

  private issue(schedule: Schedule, end: Date, now: Date): { invoice: Invoice; generated: Emitted<InvoiceGenerated> } {
    const plan = schedule.plan as Plan;
    const start = schedule.nextPeriodStart as Date;
    const invoice: Invoice = {
      invoiceId: stableId('invoice', schedule.subscriptionId, iso(start)),
      invoiceNumber: `INV-${String(this.nextNumber++ % 1_000_000).padStart(6, '0')}`,
      subscriptionId: schedule.subscriptionId,
      customerId: schedule.customerId,
      periodStart: start,
      periodEnd: end,
      total: { ...plan.price },
      status: 'open',
      dueDate: isoDate(start),
      attempts: 0,
    };
    this.invoices.set(invoice.invoiceId, invoice);
    schedule.invoiceIds.push(invoice.invoiceId);
    schedule.nextPeriodStart = end;
    return {
      invoice,
      generated: {
        messageId: stableId('InvoiceGenerated', invoice.invoiceId),
        payload: {
          invoiceId: invoice.invoiceId,
          invoiceNumber: invoice.invoiceNumber,
          subscriptionId: invoice.subscriptionId,
          customerId: invoice.customerId,
          billingPeriod: { start: iso(start), end: iso(end) },
          lines: [{ description: `${plan.name} (${plan.interval === 'year' ? 'yearly' : 'monthly'})`, quantity: 1, amount: { ...plan.price } }],
          total: { ...plan.price },
          status: 'open',
          dueDate: invoice.dueDate,
          issuedAt: iso(now),
        },
      },
    };
  }

  private requestPayment(invoice: Invoice, now: Date): Emitted<SubscriptionPaymentDue> | undefined {
    const paymentMethod = this.paymentMethods.get(invoice.customerId);
    if (!paymentMethod || invoice.attempts >= this.maxAttempts) return undefined;
    invoice.attempts += 1;
    invoice.lastRequestAt = now;
    return {
      messageId: stableId('SubscriptionPaymentDue', invoice.invoiceId, invoice.attempts),
      payload: {
        invoiceId: invoice.invoiceId,
        subscriptionId: invoice.subscriptionId,
        customerId: invoice.customerId,
        amount: { ...invoice.total },
        dueDate: invoice.dueDate,
        attempt: invoice.attempts,
        paymentMethod: { ...paymentMethod },
      },
    };
  }
}
