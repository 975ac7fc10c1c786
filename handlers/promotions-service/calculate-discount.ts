/**
 * Handles query calculate-discount@1.0.0, received by Promotions Service (promotions-service).
 *
 * Query to work out which discounts apply to a cart.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { CalculateDiscount, CalculateDiscountResponse } from "../../generated/types/calculate-discount.js";
import type { PromotionsServiceContext } from "../../generated/services/promotions-service/index.js";
// catwire:end-managed-imports

export async function calculateDiscount(payload: CalculateDiscount, ctx: PromotionsServiceContext): Promise<CalculateDiscountResponse> {
  const { promotions } = ctx.deps;
  return promotions.calculate(payload);
}
