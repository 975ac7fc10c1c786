/**
 * Handles event PaymentInitiated@0.0.1, received by Fraud Detection Service (FraudDetectionService).
 *
 * Published when a checkout starts paying, so that the payment can be prepared and screened for fraud.
 *
 * This file is yours: `catwire generate` created it once and never rewrites your code. On
 * regeneration it only refreshes the managed imports below and the types in the signature.
 */
// catwire:managed-imports (updated by catwire generate)
import type { PaymentInitiated } from "../../generated/types/payment-initiated.js";
import type { FraudDetectionServiceContext } from "../../generated/services/fraud-detection-service/index.js";
// catwire:end-managed-imports
import { emit } from '../../system/messaging.js';

export async function paymentInitiated(payload: PaymentInitiated, ctx: FraudDetectionServiceContext): Promise<void> {
  const { fraud } = ctx.deps;
  const screening = fraud.screen(payload);
  await emit(ctx.producer.publishRiskScoreCalculated, screening.riskScoreCalculated);
  await emit(ctx.producer.publishFraudDetected, screening.fraudDetected);
  await emit(ctx.producer.publishFraudCheckCompleted, screening.fraudCheckCompleted);
}
