/**
 * The saga engine on its own (PGlite, a recording dispatch): concurrent duplicates apply once,
 * a command is sent once even when its reply overtakes the flush, resume re-sends under the same
 * message ids, and the checkout definition follows the catalog flow.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StartCheckout } from '../../../generated/types/start-checkout.js';
import { openDatabase, type Database } from '../../../system/db/index.js';
import { checkoutSaga, type CheckoutFailure, type CheckoutSagaData } from '../../../system/domain/checkout-orchestrator/index.js';
import { migrateSagas, SagaEngine, type Dispatch } from '../../../system/saga/index.js';
import { address, card, eur, fixedClock, uuid } from '../services/helpers.js';

interface Sent {
  method: string;
  messageId: string | undefined;
}

describe('saga engine', () => {
  let db: Database;
  let engine: SagaEngine<CheckoutSagaData, CheckoutFailure>;
  const sent: Sent[] = [];
  const dispatch: Dispatch = async (method, _payload, options) => void sent.push({ method, messageId: options.messageId });
  const clock = fixedClock();

  beforeEach(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    await migrateSagas(db);
    engine = new SagaEngine({ db, definition: checkoutSaga, now: clock });
    sent.length = 0;
  });
  afterEach(async () => {
    await db.close();
  });

  const start = (): StartCheckout => ({
    checkoutId: uuid(),
    orderId: uuid(),
    cartId: uuid(),
    customerId: uuid(),
    items: [{ productId: uuid(), sku: 'SHOE-TR-42', name: 'Shoe', quantity: 1, unitPrice: eur(12_900) }],
    total: eur(12_900),
    shippingAddress: address,
    paymentMethod: card(),
    requestedAt: clock().toISOString(),
  });

  it('applies an event delivered five times at once exactly once; every copy of a command has one message id', async () => {
    const checkout = start();
    expect(await engine.start(checkout, dispatch)).toMatchObject({ outcome: 'applied' });
    expect(await engine.start(checkout, dispatch)).toMatchObject({ outcome: 'ignored', reason: 'already started' });
    const saga = await engine.get(checkout.checkoutId);
    const reserved = { reservationId: saga?.data.reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, warehouseId: 'WH-MAIN', items: [], expiresAt: '', reservedAt: '' };
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => engine.handle('inventory-reserved', reserved, dispatch)));
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(1);
    const after = await engine.get(checkout.checkoutId);
    // A running saga keeps its current command in `pending` until the reply proves it arrived.
    expect(after).toMatchObject({ status: 'running', step: 'payment_initiated', completedSteps: ['reserve_inventory'] });
    expect(after?.pending.map((c) => c.send)).toEqual(['publishPaymentInitiated']);
    expect(after?.history.filter((h) => h.outcome === 'completed')).toHaveLength(1);
    const byMethod = (m: string) => new Set(sent.filter((s) => s.method === m).map((s) => s.messageId));
    expect(byMethod('sendReserveInventory').size).toBe(1);
    expect(byMethod('publishPaymentInitiated').size).toBe(1);
  });

  it('sends each command once when the reply arrives while its command is still being flushed', async () => {
    const checkout = start();
    let reply: Promise<unknown> | undefined;
    // The broker case: Inventory answers before the orchestrator's flush has recorded the send.
    const racing: Dispatch = async (method, payload, options) => {
      await dispatch(method, payload, options);
      if (method !== 'sendReserveInventory' || reply) return;
      const saga = await engine.get(checkout.checkoutId);
      const reserved = { reservationId: saga?.data.reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, warehouseId: 'WH-MAIN', items: [], expiresAt: '', reservedAt: '' };
      reply = engine.handle('inventory-reserved', reserved, racing);
      await expect.poll(async () => (await engine.get(checkout.checkoutId))?.step).toBe('payment_initiated');
    };
    await engine.start(checkout, racing);
    await reply;
    expect(sent.map((s) => s.method)).toEqual(['sendReserveInventory', 'publishPaymentInitiated']);
    expect((await engine.get(checkout.checkoutId))?.pending.map((c) => c.send)).toEqual(['publishPaymentInitiated']);
  });

  it('resume re-sends the current step under the same message id; a failed send stays pending until sent', async () => {
    const checkout = start();
    const failing: Dispatch = () => Promise.reject(new Error('broker down'));
    await expect(engine.start(checkout, failing)).rejects.toThrow('broker down');
    expect((await engine.get(checkout.checkoutId))?.pending).toHaveLength(1);
    expect(await engine.resume(dispatch)).toEqual([checkout.checkoutId]);
    await engine.resume(dispatch);
    expect(sent.map((s) => s.method)).toEqual(['sendReserveInventory', 'sendReserveInventory']);
    expect(new Set(sent.map((s) => s.messageId)).size).toBe(1);
    // An event that changes nothing does not send again what this process sent.
    await engine.handle('payment-authorized', { checkoutId: checkout.checkoutId, paymentId: 'elsewhere', authorizationId: 'a' }, dispatch);
    expect(sent).toHaveLength(2);
    // The reply moves the saga on and takes the command out of `pending`.
    const saga = await engine.get(checkout.checkoutId);
    const reserved = { reservationId: saga?.data.reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, warehouseId: 'WH-MAIN', items: [], expiresAt: '', reservedAt: '' };
    await engine.handle('inventory-reserved', reserved, dispatch);
    expect((await engine.get(checkout.checkoutId))?.pending.map((c) => c.send)).toEqual(['publishPaymentInitiated']);
    expect(sent.map((s) => s.method)).toEqual(['sendReserveInventory', 'sendReserveInventory', 'publishPaymentInitiated']);
  });

  it("moves a running saga on without writing an index entry (heap-only updates), so PGlite, which never vacuums, keeps no dead index entries", async () => {
    // One PGlite session: its counters read back exactly once flushed (a server's pool would spread them).
    const counters = async () => {
      await db.query('SELECT pg_stat_force_next_flush()');
      const { rows } = await db.query<{ updates: number; hot: number }>(
        `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relid = 'saga_instances'::regclass`,
      );
      return rows[0];
    };
    const checkout = start();
    await engine.start(checkout, dispatch);
    const saga = await engine.get(checkout.checkoutId);
    const reserved = { reservationId: saga?.data.reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, warehouseId: 'WH-MAIN', items: [], expiresAt: '', reservedAt: '' };
    await engine.handle('inventory-reserved', reserved, dispatch);
    expect(await counters()).toEqual({ updates: 1, hot: 1 });
    // The open index still finds it: an overdue step is swept, and a restart resumes it.
    expect(await engine.resume(dispatch)).toEqual([checkout.checkoutId]);
    clock.advance(60 * 60_000);
    expect(await engine.sweep(dispatch)).toEqual([checkout.checkoutId]);
    expect((await engine.get(checkout.checkoutId))?.status).not.toBe('running');
  });

  it('the definition follows the catalog flow Place an Order: every message it sends or waits for is a step of the flow', async () => {
    const flow = await readFile(new URL('../../../catalog/domains/Ordering/flows/PlaceAnOrder/index.mdx', import.meta.url), 'utf8');
    const stepIds = [...flow.matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]);
    const messageIds = new Set([...flow.matchAll(/message:\n\s+id: (\S+)/g)].map((m) => m[1]));
    for (const step of checkoutSaga.steps) {
      expect(stepIds).toContain(step.name);
      for (const r of [...step.completedBy, ...(step.failedBy ?? [])]) expect(messageIds).toContain(r.event);
    }
    for (const event of ['reserve-inventory', 'PaymentInitiated', 'authorize-payment', 'create-order', 'release-inventory', 'void-payment', 'cancel-order']) {
      expect(messageIds).toContain(event);
    }
  });
});
