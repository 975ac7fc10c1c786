/**
 * The checkout saga on the real parts: every service on RabbitMQ (its own name prefix), the
 * order database and the saga's state on the PostgreSQL server (their own schemas). The happy
 * path and the failure paths with their compensation, asserted on database rows and events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../../generated/index.js';
import { createRabbitTransport, silentLogger, type ServiceContract, type Transport } from '../../runtime/index.js';
import { brokerUrl, deleteTopology, uniquePrefix } from '../runtime/helpers/broker.js';
import { testBackends, type TestDatabase } from './helpers/backends.js';
import { checkOut, SHOE, startSystem, type SagaSystem } from './saga/helpers.js';
import { listenerContract } from './services/helpers.js';

const server = testBackends().find((b) => b.name === 'postgres');
const params = { env: 'test' };
const contracts = (Object.values(generated) as unknown[]).filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v);

describe('checkout saga on RabbitMQ and PostgreSQL', () => {
  let url: string;
  let prefix: string;
  let transport: Transport;
  let orderDb: TestDatabase;
  let sagaDb: TestDatabase;
  let s: SagaSystem | undefined;

  beforeAll(async () => {
    if (!server) throw new Error('no PostgreSQL backend');
    url = await brokerUrl();
    prefix = uniquePrefix();
    transport = await createRabbitTransport({ url, prefix, params, logger: silentLogger });
    orderDb = await server.fresh();
    sagaDb = await server.fresh({ migrate: false });
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });
  afterAll(async () => {
    await transport.close();
    await orderDb.dispose();
    await sagaDb.dispose();
    const watcher = listenerContract('saga-watcher', {});
    await deleteTopology(url, prefix, params, ...contracts, watcher);
  });

  const start = () => startSystem({ orderDb: orderDb.db, transport, orchestrator: { db: sagaDb.db } });
  const sagaOf = (checkoutId: string) => (s as SagaSystem).orchestrator.saga.get(checkoutId);
  const orderRow = (orderId: string) => s?.orderService.store.getStoredOrder(orderId);

  it('completes a checkout: the order row on the server, the saga completed, the flow events in order', async () => {
    s = await start();
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('completed');
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('created');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'paymentAuthorized', 'orderCreated',
    ]);
    expect(s.inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
  });

  it('compensates a declined payment: stock released, order cancelled', async () => {
    s = await start();
    const checkout = await checkOut(s, 'tok_test_insufficient_funds');
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ failureReason: 'payment_declined' });
    await expect.poll(() => s?.inventory.inventory.levels(SHOE.sku).available, { timeout: 30_000 }).toBe(10);
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual([
      'inventoryReserved', 'paymentInitiated', 'fraudCheckCompleted', 'paymentDeclined', 'orderCancelled',
    ]);
  });

  it('cancels an order that cannot be reserved, with nothing to compensate', async () => {
    s = await startSystem({ orderDb: orderDb.db, transport, orchestrator: { db: sagaDb.db }, shoes: 0 });
    const checkout = await checkOut(s);
    await expect.poll(async () => (await sagaOf(checkout.checkoutId))?.status, { timeout: 30_000 }).toBe('cancelled');
    expect(await sagaOf(checkout.checkoutId)).toMatchObject({ failureReason: 'out_of_stock', completedSteps: [] });
    await expect.poll(async () => (await orderRow(checkout.orderId))?.status, { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => s?.sequence(checkout.checkoutId, checkout.orderId), { timeout: 30_000 }).toEqual(['outOfStock', 'orderCancelled']);
  });
});
