/**
 * The checkout saga (Place an Order) on the three-node cluster with quorum queues: 200
 * concurrent checkouts, and midway the node every service is connected to is killed (SIGKILL).
 * The services fail over to the next node; every order ends Created or Cancelled, none is lost,
 * none duplicated, and the inventory agrees with the orders. Order and saga state live on the
 * PostgreSQL test server.
 *
 * Written against the order system's starters as they are (test/system/saga/helpers.ts).
 */
import * as generated from '../../generated/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, type ServiceContract, type Transport } from '../../runtime/index.js';
import { deleteTopology, uniquePrefix } from '../runtime/helpers/broker.js';
import { captureLogger } from '../runtime/helpers/capture-logger.js';
import { testBackends, type TestDatabase } from '../system/helpers/backends.js';
import { expectSettledCheckouts } from '../system/helpers/settled-checkouts.js';
import { SHOE, startSystem, type SagaSystem } from '../system/saga/helpers.js';
import { address, card, listenerContract, uuid } from '../system/services/helpers.js';
import { cluster, type ClusterAccess } from './helpers.js';

const CHECKOUTS = 200;
const SHOES = 150;
/** The node is killed once this many sagas have finished. */
const KILL_AFTER = 60;
const params = { env: 'test' };
const contracts = (Object.values(generated) as unknown[]).filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v);

describe('checkout saga on a cluster losing a node', () => {
  let c: ClusterAccess;
  const prefix = uniquePrefix();
  let transport: Transport | undefined;
  let orderDb: TestDatabase | undefined;
  let sagaDb: TestDatabase | undefined;
  let s: SagaSystem | undefined;
  const server = testBackends().find((b) => b.name === 'postgres');

  beforeAll(async () => {
    if (!server) throw new Error('no PostgreSQL backend');
    c = await cluster();
    orderDb = await server.fresh();
    sagaDb = await server.fresh({ migrate: false });
  });

  afterAll(async () => {
    await s?.stop();
    await transport?.close();
    await orderDb?.dispose();
    await sagaDb?.dispose();
    if (c) {
      await c.restart(0);
      await deleteTopology(c.urls[1] as string, prefix, params, ...contracts, listenerContract('saga-watcher', {}));
    }
  });

  it(`${CHECKOUTS} checkouts, a node killed midway: every order Created or Cancelled, none lost or duplicated`, async () => {
    const log = captureLogger();
    transport = await createRabbitTransport({ urls: c.urlsFrom(0), prefix, params, queueType: 'quorum', logger: log, reconnect: { initialDelayMs: 50, maxDelayMs: 500 } });
    s = await startSystem({ orderDb: orderDb!.db, transport, orchestrator: { db: sagaDb!.db }, shoes: SHOES });
    const sys = s;
    const send = sys.storefront.service.producer;
    const carts = Array.from({ length: CHECKOUTS }, () => ({ cartId: uuid(), customerId: uuid() }));
    await Promise.all(carts.map((cart) => send.sendAddItemToCart({ ...cart, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 })));
    await expect.poll(() => carts.filter((cart) => sys.cart.carts.cart(cart.cartId)?.version === 1).length, { timeout: 60_000 }).toBe(CHECKOUTS);

    const finished = async () =>
      (await sagaDb!.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga_instances WHERE status IN ('completed', 'cancelled')`)).rows[0]?.n ?? 0;
    const checkouts = Promise.all(carts.map((cart) => send.sendCheckoutCart({ ...cart, shippingAddress: address, paymentMethod: card() })));
    await expect.poll(finished, { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(KILL_AFTER);
    const finishedAtKill = await finished();
    await c.kill(0);
    await checkouts;

    await expect.poll(finished, { timeout: 150_000, interval: 500 }).toBe(CHECKOUTS);
    // The kill landed midway, and the services carried on on another node.
    expect(finishedAtKill).toBeLessThan(CHECKOUTS);
    expect(log.events()).toContain('connection-lost');
    expect(log.lines.find((l) => l.event === 'reconnected')?.fields['url']).toBe(c.urls[1]?.replace(':guest@', ':***@'));

    const { created } = await expectSettledCheckouts({ orderDb: orderDb!.db, sagaDb: sagaDb!.db, carts, stock: SHOES, settleMs: 60_000 });

    // One outcome event per order (a message published again after the loss may arrive twice: same order).
    const byOrder = (key: string) => new Set(sys.watcher.received.filter((e) => e.key === key).map((e) => (e.payload as { orderId: string }).orderId));
    await expect.poll(() => byOrder('orderCreated').size, { timeout: 60_000 }).toBe(created);
    await expect.poll(() => byOrder('orderCancelled').size, { timeout: 60_000 }).toBe(CHECKOUTS - created);
    const createdIds = byOrder('orderCreated');
    expect([...byOrder('orderCancelled')].filter((id) => createdIds.has(id))).toEqual([]);

    // Exactly the created orders hold stock.
    await expect.poll(() => sys.inventory.inventory.levels(SHOE.sku), { timeout: 60_000 }).toEqual({ onHand: SHOES, reserved: created, available: SHOES - created });
    console.log(`cluster saga: node killed after ${finishedAtKill} sagas finished; ${created} created, ${CHECKOUTS - created} cancelled`);
  });
});
