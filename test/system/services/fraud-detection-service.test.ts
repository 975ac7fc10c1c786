/** Fraud Detection Service: the risk rules and their score, and the running service answering PaymentInitiated. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutOrchestratorContract } from '../../../generated/services/checkout-orchestrator/index.js';
import { fraudDetectionServiceContract } from '../../../generated/services/fraud-detection-service/index.js';
import type { PaymentInitiated } from '../../../generated/types/payment-initiated.js';
import type { Transport } from '../../../runtime/index.js';
import { FraudScreening } from '../../../system/domain/fraud-detection-service/index.js';
import { startFraudDetectionServiceProcess, type FraudDetectionServiceProcess } from '../../../system/services/index.js';
import { card, eur, listenerContract, logger, memoryTransport, schemaErrors, startProbe, uuid } from './helpers.js';

const schemas = Object.fromEntries(Object.values(fraudDetectionServiceContract.sends).map((m) => [m.id, m.schema]));

function payment(overrides: Partial<PaymentInitiated> = {}): PaymentInitiated {
  return {
    paymentId: uuid(),
    checkoutId: uuid(),
    orderId: uuid(),
    customerId: uuid(),
    amount: eur(5_000),
    paymentMethod: card(),
    billingCountry: 'NL',
    customerIp: '203.0.113.7',
    initiatedAt: '2025-03-01T10:00:00Z',
    ...overrides,
  };
}

const screening = () => new FraudScreening({ blocklistedTokens: ['tok_stolen_card_1'], highValueAmount: 100_000, velocityLimit: 3, now: () => new Date('2025-03-01T12:00:00Z') });

describe('FraudScreening (domain)', () => {
  it.each([
    { name: 'an ordinary first payment', overrides: {}, score: 0, decision: 'approved', reasons: [] },
    { name: 'a high-value payment', overrides: { amount: eur(100_000) }, score: 35, decision: 'approved', reasons: ['high_value'] },
    { name: 'a blocklisted card', overrides: { paymentMethod: card('tok_stolen_card_1') }, score: 90, decision: 'declined', reasons: ['blocklisted_instrument'] },
    {
      name: 'a blocklisted card at high value',
      overrides: { paymentMethod: card('tok_stolen_card_1'), amount: eur(250_000) },
      score: 100,
      decision: 'declined',
      reasons: ['blocklisted_instrument', 'high_value'],
    },
  ])('$name scores $score → $decision', ({ overrides, score, decision, reasons }) => {
    const result = screening().screen(payment(overrides));
    expect(result).toMatchObject({ riskScore: score, decision, duplicate: false });
    expect(result.fraudCheckCompleted.payload).toMatchObject({ decision, riskScore: score, reasons });
    expect(result.riskScoreCalculated.payload.riskBand).toBe(score >= 70 ? 'high' : score >= 30 ? 'medium' : 'low');
    expect(result.fraudDetected === undefined).toBe(decision === 'approved');
    expect(schemaErrors(schemas['FraudCheckCompleted'], result.fraudCheckCompleted)).toEqual([]);
    expect(schemaErrors(schemas['RiskScoreCalculated'], result.riskScoreCalculated)).toEqual([]);
    expect(schemaErrors(schemas['FraudDetected'], result.fraudDetected)).toEqual([]);
  });

  it('learns from a customer\'s history: velocity, a new device and another billing country add up to a decline', () => {
    const fraud = screening();
    const customerId = uuid();
    const at = (minutes: number) => new Date(Date.parse('2025-03-01T10:00:00Z') + minutes * 60_000).toISOString();
    for (let i = 0; i < 3; i++) {
      expect(fraud.screen(payment({ customerId, initiatedAt: at(i * 10), amount: eur(2_000) })).decision).toBe('approved');
    }
    const fourth = fraud.screen(payment({ customerId, initiatedAt: at(40), amount: eur(6_000), billingCountry: 'BR', customerIp: '198.51.100.9' }));
    expect(fourth).toMatchObject({ riskScore: 70, decision: 'declined' });
    expect(fourth.fraudCheckCompleted.payload.reasons).toEqual(['velocity', 'geo_mismatch', 'new_device']);
    expect(fourth.riskScoreCalculated.payload.features).toEqual({ ordersLast24h: 3, accountAgeDays: 0, amountVsAverage: 3, newDevice: true });
    expect(fourth.fraudDetected?.payload).toMatchObject({ recommendedAction: 'flag_account', riskScore: 70 });
  });

  it('screens each payment once: a repeat yields the same events and does not count twice', () => {
    const fraud = screening();
    const p = payment();
    const first = fraud.screen(p);
    const again = fraud.screen(p);
    expect(again).toEqual({ ...first, duplicate: true });
    const next = fraud.screen(payment({ customerId: p.customerId, initiatedAt: '2025-03-01T10:05:00Z' }));
    expect(next.riskScoreCalculated.payload.features.ordersLast24h).toBe(1);
  });
});

describe('Fraud Detection Service (running)', () => {
  let transport: Transport;
  let process: FraudDetectionServiceProcess | undefined;
  afterEach(async () => {
    await process?.stop();
    process = undefined;
    await transport.close();
  });

  it('answers every PaymentInitiated with FraudCheckCompleted (and FraudDetected above the threshold, RiskScoreCalculated always)', async () => {
    transport = memoryTransport();
    process = await startFraudDetectionServiceProcess(transport, { logger, fraud: { blocklistedTokens: ['tok_stolen_card_1'] } });
    const saga = await startProbe(transport, checkoutOrchestratorContract);
    // The fraud team's tooling and the data team: the two events the saga does not wait for.
    const { publishFraudDetected, publishRiskScoreCalculated } = fraudDetectionServiceContract.sends;
    const desk = await startProbe(transport, listenerContract('fraud-desk', { fraudDetected: publishFraudDetected, riskScoreCalculated: publishRiskScoreCalculated }));

    const ok = payment();
    const stolen = payment({ paymentMethod: card('tok_stolen_card_1') });
    await saga.service.producer.publishPaymentInitiated(ok, { correlationId: ok.checkoutId });
    await saga.service.producer.publishPaymentInitiated(stolen, { correlationId: stolen.checkoutId });
    await expect.poll(() => saga.of('fraudCheckCompleted')).toHaveLength(2);
    const byPayment = new Map(saga.all('fraudCheckCompleted').map((r) => [r.payload.paymentId, r]));
    expect(byPayment.get(ok.paymentId)?.payload).toMatchObject({ checkoutId: ok.checkoutId, decision: 'approved' });
    expect(byPayment.get(stolen.paymentId)?.payload).toMatchObject({ checkoutId: stolen.checkoutId, decision: 'declined', reasons: ['blocklisted_instrument'] });
    expect(byPayment.get(stolen.paymentId)?.envelope.correlationId).toBe(stolen.checkoutId);
    await expect.poll(() => desk.of('riskScoreCalculated').map((r) => r.paymentId).sort()).toEqual([ok.paymentId, stolen.paymentId].sort());
    await expect.poll(() => desk.of('fraudDetected')).toHaveLength(1);
    expect(desk.of('fraudDetected')[0]).toMatchObject({ paymentId: stolen.paymentId, customerId: stolen.customerId, recommendedAction: 'block_payment_method' });
  });
});
