/**
 * Promotions Service domain: answers calculate-discount from a list of promotions. Stateless
 * apart from the list, so a repeated query gets the same answer (bar `calculatedAt`).
 *
 * Rules: automatic promotions (no code) apply whenever their conditions hold; a promotion with a
 * code applies only when the shopper entered that code. A code that matches no promotion is
 * rejected as `unknown`, one past its `validUntil` as `expired`, one whose conditions do not hold
 * (not yet valid, minimum subtotal not reached, product not in the cart, another currency) as
 * `not_applicable`. A product promotion discounts that product's lines (percent of their value, or
 * a fixed amount at most their value); a cart promotion discounts the subtotal. Amounts are
 * rounded down to whole minor units and the discounts never exceed the subtotal.
 */
import type { CalculateDiscount, CalculateDiscountResponse } from '../../../generated/types/calculate-discount.js';
import { iso, lineGross, systemClock, type Clock, type Money } from '../shared/index.js';

export type RejectedCodeReason = NonNullable<CalculateDiscountResponse['rejectedPromotionCode']>['reason'];

export interface Promotion {
  readonly promotionId: string;
  /** Shown to the shopper (at most 120 characters). */
  readonly description: string;
  /** Applies only with this code (`^[A-Z0-9]{4,16}$`); without one the promotion is automatic. */
  readonly code?: string;
  /** Discounts only this product's lines; without one the whole cart. */
  readonly productId?: string;
  readonly percentOff?: number;
  readonly amountOff?: Money;
  readonly minSubtotal?: Money;
  readonly validFrom?: string;
  readonly validUntil?: string;
}

/** The promotions a process starts with unless told otherwise. */
export const DEFAULT_PROMOTIONS: readonly Promotion[] = [
  {
    promotionId: '4f7c2a1e-7b51-4c43-9d1a-1f2e3d4c5b6a',
    description: '10% off your first order',
    code: 'WELCOME10',
    percentOff: 10,
  },
  {
    promotionId: '8a1d5c3b-2e4f-4a6b-8c9d-0e1f2a3b4c5d',
    description: 'EUR 5 off orders from EUR 50',
    code: 'SAVE5',
    amountOff: { amount: 500, currency: 'EUR' },
    minSubtotal: { amount: 5000, currency: 'EUR' },
  },
  {
    promotionId: '0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
    description: 'Summer sale 2020',
    code: 'SUMMER2020',
    percentOff: 20,
    validUntil: '2020-09-01T00:00:00Z',
  },
];

export interface PromotionsOptions {
  readonly promotions?: readonly Promotion[];
  readonly now?: Clock;
}

export class Promotions {
  private readonly promotions: readonly Promotion[];
  private readonly now: Clock;

  constructor(options: PromotionsOptions = {}) {
    this.promotions = options.promotions ?? DEFAULT_PROMOTIONS;
    for (const p of this.promotions) {
      if ((p.percentOff === undefined) === (p.amountOff === undefined)) throw new Error(`promotion ${p.promotionId} needs exactly one of percentOff and amountOff`);
      if (p.percentOff !== undefined && !(p.percentOff > 0 && p.percentOff <= 100)) throw new Error(`promotion ${p.promotionId}: percentOff must be in (0, 100]`);
      if (p.code !== undefined && !/^[A-Z0-9]{4,16}$/.test(p.code)) throw new Error(`promotion ${p.promotionId}: code ${p.code} is invalid`);
    }
    this.now = options.now ?? systemClock;
  }

  /** calculate-discount. */
  calculate(query: CalculateDiscount): CalculateDiscountResponse {
    const now = this.now();
    const currency = query.items[0]?.unitPrice.currency ?? 'EUR';
    const lines = query.items.filter((item) => item.unitPrice.currency === currency);
    const subtotal = lines.reduce((sum, line) => sum + lineGross(line), 0);

    const applicable: Promotion[] = [];
    let rejected: CalculateDiscountResponse['rejectedPromotionCode'];
    for (const promotion of this.promotions) {
      if (promotion.code === undefined && this.problem(promotion, lines, subtotal, currency, now) === undefined) applicable.push(promotion);
    }
    if (query.promotionCode !== undefined) {
      const promotion = this.promotions.find((p) => p.code === query.promotionCode);
      const problem = promotion ? this.problem(promotion, lines, subtotal, currency, now) : 'unknown';
      if (problem === undefined && promotion) applicable.push(promotion);
      else rejected = { code: query.promotionCode, reason: problem ?? 'unknown' };
    }

    const discounts: CalculateDiscountResponse['discounts'] = [];
    let left = subtotal;
    for (const promotion of applicable) {
      const base = promotion.productId === undefined ? subtotal : valueOf(lines, promotion.productId);
      const wanted = promotion.percentOff !== undefined ? Math.floor((base * promotion.percentOff) / 100) : Math.min(base, promotion.amountOff?.amount ?? 0);
      const amount = Math.min(wanted, left);
      if (amount <= 0) continue;
      left -= amount;
      discounts.push({
        promotionId: promotion.promotionId,
        description: promotion.description.slice(0, 120),
        ...(promotion.productId !== undefined ? { productId: promotion.productId } : {}),
        amount: { amount, currency },
      });
    }
    return {
      cartId: query.cartId,
      discounts,
      discountTotal: { amount: subtotal - left, currency },
      ...(rejected ? { rejectedPromotionCode: rejected } : {}),
      calculatedAt: iso(now),
    };
  }

  private problem(
    promotion: Promotion,
    lines: CalculateDiscount['items'],
    subtotal: number,
    currency: string,
    now: Date,
  ): RejectedCodeReason | undefined {
    if (promotion.validUntil !== undefined && Date.parse(promotion.validUntil) <= now.getTime()) return 'expired';
    if (promotion.validFrom !== undefined && Date.parse(promotion.validFrom) > now.getTime()) return 'not_applicable';
    if (promotion.amountOff && promotion.amountOff.currency !== currency) return 'not_applicable';
    if (promotion.minSubtotal && (promotion.minSubtotal.currency !== currency || subtotal < promotion.minSubtotal.amount)) return 'not_applicable';
    if (promotion.productId !== undefined && valueOf(lines, promotion.productId) === 0) return 'not_applicable';
    return undefined;
  }
}

function valueOf(lines: CalculateDiscount['items'], productId: string): number {
  return lines.filter((line) => line.productId === productId).reduce((sum, line) => sum + lineGross(line), 0);
}
