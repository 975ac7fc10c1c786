/**
 * What a run of concurrent checkouts (one per cart, against a limited stock) must leave in the
 * databases, however the run went (under load, across a lost node): one saga per cart, each with
 * an order of its own, and every order row settled as its saga ended.
 */
import { expect } from 'vitest';
import type { Database } from '../../../system/db/index.js';

export interface SagaRow {
  readonly saga_id: string;
  readonly status: string;
  readonly order_id: string;
  readonly cart_id: string;
}

export interface CheckoutRun {
  readonly orderDb: Database;
  readonly sagaDb: Database;
  readonly carts: readonly { readonly cartId: string }[];
  /** Units in stock (one per checkout at most can be created). */
  readonly stock: number;
  /** How long the order rows may take to settle after the sagas finished. */
  readonly settleMs: number;
}

/** Checks the sagas and order rows of a finished run; returns the sagas and how many orders were created. */
export async function expectSettledCheckouts(run: CheckoutRun): Promise<{ sagas: SagaRow[]; created: number }> {
  const checkouts = run.carts.length;
  const sagas = (
    await run.sagaDb.query<SagaRow>(
      `SELECT saga_id, status, data->'checkout'->>'orderId' AS order_id, data->'checkout'->>'cartId' AS cart_id FROM saga_instances`,
    )
  ).rows;
  expect(sagas).toHaveLength(checkouts);
  expect(new Set(sagas.map((r) => r.cart_id))).toEqual(new Set(run.carts.map((c) => c.cartId)));
  expect(new Set(sagas.map((r) => r.order_id)).size).toBe(checkouts);

  // One order row per checkout, settled as its saga says.
  const orderRows = async () => (await run.orderDb.query<{ order_id: string; status: string }>('SELECT order_id, status FROM orders')).rows;
  await expect
    .poll(async () => (await orderRows()).filter((r) => r.status === 'created' || r.status === 'cancelled').length, { timeout: run.settleMs, interval: 500 })
    .toBe(checkouts);
  const orders = await orderRows();
  expect(orders).toHaveLength(checkouts);
  const orderStatus = new Map(orders.map((r) => [r.order_id, r.status]));
  expect(orderStatus.size).toBe(checkouts);
  for (const saga of sagas) expect(orderStatus.get(saga.order_id), saga.saga_id).toBe(saga.status === 'completed' ? 'created' : 'cancelled');
  const created = orders.filter((r) => r.status === 'created').length;
  expect(created).toBeGreaterThan(0);
  expect(created).toBeLessThanOrEqual(run.stock);
  return { sagas, created };
}
