/**
 * Fraud Detection Service domain: a deterministic rule-based risk model over PaymentInitiated and
 * the customer's earlier payments.
 *
 * Signals and their weights (the score is their sum, capped at 100):
 * - blocklisted_instrument (90): the payment token is on the blocklist;
 * - high_value (35): the amount is at least `highValueAmount` minor units;
 * - velocity (30): the customer already initiated `velocityLimit` or more payments in the 24 hours before this one;
 * - geo_mismatch (25): the billing country differs from the one of the customer's first payment;
 * - new_device (15): the customer paid before, and never from this IP address.
 * A score at or above `declineThreshold` (default 70) declines the payment: FraudCheckCompleted
 * says `declined` and FraudDetected alerts the fraud team. RiskScoreCalculated is published for
 * every screened payment. Screening is idempotent by `paymentId` (same events, same message ids,
 * history counted once).
 */
import type { FraudCheckCompleted } from '../../../generated/types/fraud-check-completed.js';
import type { FraudDetected } from '../../../generated/types/fraud-detected.js';
import type { PaymentInitiated } from '../../../generated/types/payment-initiated.js';
import type { RiskScoreCalculated } from '../../../generated/types/risk-score-calculated.js';
import { DAY_MS, iso, stableId, systemClock, type Clock, type Emitted } from '../shared/index.js';

export type Signal = FraudCheckCompleted['reasons'][number];

export const SIGNAL_WEIGHTS: Readonly<Record<Signal, number>> = {
  blocklisted_instrument: 90,
  high_value: 35,
  velocity: 30,
  geo_mismatch: 25,
  new_device: 15,
};

export interface FraudOptions {
  /** Scores at or above this decline the payment (default 70). */
  readonly declineThreshold?: number;
  /** Amount (minor units) from which a payment counts as high value (default 100,000). */
  readonly highValueAmount?: number;
  /** Earlier payments within 24 h that make the velocity signal (default 3). */
  readonly velocityLimit?: number;
  readonly blocklistedTokens?: readonly string[];
  readonly modelVersion?: string;
  readonly now?: Clock;
}

export interface Screening {
  readonly duplicate: boolean;
  readonly decision: FraudCheckCompleted['decision'];
  readonly riskScore: number;
  readonly riskScoreCalculated: Emitted<RiskScoreCalculated>;
  readonly fraudDetected?: Emitted<FraudDetected>;
  readonly fraudCheckCompleted: Emitted<FraudCheckCompleted>;
}

interface CustomerHistory {
  firstSeen: Date;
  billingCountry: string;
  payments: { at: Date; amount: number; currency: string }[];
  ips: Set<string>;
}

export class FraudScreening {
  readonly declineThreshold: number;
  private readonly highValueAmount: number;
  private readonly velocityLimit: number;
  private readonly blocklist: Set<string>;
  private readonly modelVersion: string;
  private readonly now: Clock;
  private readonly screenings = new Map<string, Omit<Screening, 'duplicate'>>();
  private readonly customers = new Map<string, CustomerHistory>();

  constructor(options: FraudOptions = {}) {
    this.declineThreshold = options.declineThreshold ?? 70;
    this.highValueAmount = options.highValueAmount ?? 100_000;
    this.velocityLimit = options.velocityLimit ?? 3;
    this.blocklist = new Set(options.blocklistedTokens ?? []);
    this.modelVersion = options.modelVersion ?? '1.0.0';
    this.now = options.now ?? systemClock;
  }

  riskBand(score: number): RiskScoreCalculated['riskBand'] {
    if (score >= this.declineThreshold) return 'high';
    return score < 30 ? 'low' : 'medium';
  }

  /** Screens a payment (PaymentInitiated). */
  screen(event: PaymentInitiated): Screening {
    const done = this.screenings.get(event.paymentId);
    if (done) return { ...done, duplicate: true };

    const now = this.now();
    const parsed = Date.parse(event.initiatedAt);
    const at = Number.isNaN(parsed) ? now : new Date(parsed);
    const history = this.customers.get(event.customerId);
    const earlier = history?.payments.filter((p) => p.at.getTime() <= at.getTime()) ?? [];
    const ordersLast24h = earlier.filter((p) => at.getTime() - p.at.getTime() < DAY_MS).length;
    const sameCurrency = earlier.filter((p) => p.currency === event.amount.currency);
    const average = sameCurrency.length === 0 ? 0 : sameCurrency.reduce((sum, p) => sum + p.amount, 0) / sameCurrency.length;
    const amountVsAverage = average > 0 ? Math.round((event.amount.amount / average) * 100) / 100 : 1;
    const newDevice = history !== undefined && event.customerIp !== undefined && !history.ips.has(event.customerIp);
    const accountAgeDays = history ? Math.max(0, Math.floor((at.getTime() - history.firstSeen.getTime()) / DAY_MS)) : 0;

    const signals: { type: Signal; detail: string }[] = [];
    if (this.blocklist.has(event.paymentMethod.token)) {
      signals.push({ type: 'blocklisted_instrument', detail: `payment method ${describeMethod(event)} is blocklisted` });
    }
    if (event.amount.amount >= this.highValueAmount) {
      signals.push({ type: 'high_value', detail: `amount ${event.amount.amount} ${event.amount.currency} is at least ${this.highValueAmount}` });
    }
    if (ordersLast24h >= this.velocityLimit) {
      signals.push({ type: 'velocity', detail: `${ordersLast24h} payments in the 24 hours before (limit ${this.velocityLimit})` });
    }
    if (history && history.billingCountry !== event.billingCountry) {
      signals.push({ type: 'geo_mismatch', detail: `billing country ${event.billingCountry}, earlier payments from ${history.billingCountry}` });
    }
    if (newDevice) signals.push({ type: 'new_device', detail: `first payment from ${event.customerIp ?? '?'} for this customer` });

    const riskScore = Math.min(100, signals.reduce((sum, s) => sum + SIGNAL_WEIGHTS[s.type], 0));
    const decision = riskScore >= this.declineThreshold ? 'declined' : 'approved';
    const fraudCheckId = stableId('fraud-check', event.paymentId);
    const reasons = signals.map((s) => s.type);

    const screening: Omit<Screening, 'duplicate'> = {
      decision,
      riskScore,
      riskScoreCalculated: {
        messageId: stableId('RiskScoreCalculated', event.paymentId),
        payload: {
          paymentId: event.paymentId,
          customerId: event.customerId,
          riskScore,
          riskBand: this.riskBand(riskScore),
          modelVersion: this.modelVersion,
          features: { ordersLast24h, accountAgeDays, amountVsAverage, newDevice },
          calculatedAt: iso(now),
        },
      },
      ...(decision === 'declined'
        ? {
            fraudDetected: {
              messageId: stableId('FraudDetected', event.paymentId),
              payload: {
                fraudCheckId,
                paymentId: event.paymentId,
                customerId: event.customerId,
                riskScore,
                signals,
                recommendedAction: recommendedAction(reasons),
                detectedAt: iso(now),
              },
            },
          }
        : {}),
      fraudCheckCompleted: {
        messageId: stableId('FraudCheckCompleted', event.paymentId),
        payload: {
          fraudCheckId,
          paymentId: event.paymentId,
          checkoutId: event.checkoutId,
          decision,
          riskScore,
          reasons,
          completedAt: iso(now),
        },
      },
    };
    this.screenings.set(event.paymentId, screening);
    this.remember(event, at);
    return { ...screening, duplicate: false };
  }

  private remember(event: PaymentInitiated, at: Date): void {
    let history = this.customers.get(event.customerId);
    if (!history) {
      history = { firstSeen: at, billingCountry: event.billingCountry, payments: [], ips: new Set() };
      this.customers.set(event.customerId, history);
    }
    history.payments.push({ at, amount: event.amount.amount, currency: event.amount.currency });
    if (event.customerIp !== undefined) history.ips.add(event.customerIp);
  }
}

function recommendedAction(reasons: readonly Signal[]): FraudDetected['recommendedAction'] {
  if (reasons.includes('blocklisted_instrument')) return 'block_payment_method';
  if (reasons.includes('velocity') || reasons.includes('geo_mismatch')) return 'flag_account';
  return 'manual_review';
}

function describeMethod(event: PaymentInitiated): string {
  const { type, cardLast4 } = event.paymentMethod;
  return cardLast4 ? `${type} ending ${cardLast4}` : type;
}
