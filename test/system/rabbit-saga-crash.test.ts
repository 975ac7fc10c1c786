/**
 * A service process killed (SIGKILL) mid-saga and restarted: the saga completes; no order lost.
 * The Checkout Orchestrator runs as its own process (`system/run.ts`) on a PostgreSQL database of
 * its own; every other service runs in this process on RabbitMQ. Payment Service is down, so the
 * saga waits at authorize_payment; the orchestrator is killed there, restarted on the same
 * database, Payment comes back, and the saga resumes from its row.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../../generated/index.js';
import { storefrontContract } from '../../generated/services/storefront/index.js';
import { createRabbitTransport, silentLogger, type ServiceContract, type Transport } from '../../runtime/index.js';
import { checkoutSaga } from '../../system/domain/checkout-orchestrator/index.js';
import {
  startPaymentServiceProcess,
  startPlaceAnOrderServices,
} from '../../system/services/index.js';
import { REPO } from '../helpers/run-cli.js';
import { brokerUrl, deleteTopology, uniquePrefix } from '../runtime/helpers/broker.js';
import { postgresUrl, testBackends, type TestDatabase } from './helpers/backends.js';
import { flowEvents, SHOE, SOCK } from './saga/helpers.js';
import { address, card, listenerContract, logger, startProbe, uuid } from './services/helpers.js';

const server = testBackends().find((b) => b.name === 'postgres');
const params = { env: 'test' };
const contracts = (Object.values(generated) as unknown[]).filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v);
const stepName = (index: number) => checkoutSaga.steps[index]?.name;

interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<unknown>;
}

function startOrchestratorChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'system/run.ts', 'checkout-orchestrator'], {
    cwd: REPO,
    env: { ...process.env, ...env, CATWIRE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { process: child, lines, exited };
}

describe('checkout saga survives a killed orchestrator process', () => {
  let url: string;
  let prefix: string;
  let transport: Transport;
  let orderDb: TestDatabase;
  let admin: pg.Client;
  let sagaClient: pg.Client | undefined;
  let dbName: string;
  let sagaDbUrl: string;
  const children: Child[] = [];
  const stops: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    if (!server) throw new Error('no PostgreSQL backend');
    url = await brokerUrl();
    prefix = uniquePrefix();
    transport = await createRabbitTransport({ url, prefix, params, logger: silentLogger });
    orderDb = await server.fresh();
    admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    dbName = `catwire_crash_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(postgresUrl());
    u.pathname = `/${dbName}`;
    sagaDbUrl = u.toString();
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    for (const p of stops.reverse()) await p.stop();
    await transport?.close();
    await sagaClient?.end();
    await orderDb?.dispose();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    await deleteTopology(url, prefix, params, ...contracts, listenerContract('saga-crash-watcher', {}));
  });

  it('completes the saga after a SIGKILL at authorize_payment and a restart; exactly one order', async () => {
    const childEnv = { AMQP_URL: url, CATWIRE_PREFIX: prefix, DATABASE_URL: sagaDbUrl };
    const first = startOrchestratorChild(childEnv);
    children.push(first);
    await expect.poll(() => first.lines.some((l) => l.includes('"processes-started"')), { timeout: 60_000 }).toBe(true);

    const customerId = uuid();
    const balances = {};
    const services = await startPlaceAnOrderServices(transport, {
      logger,
      inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 10 }, { ...SOCK, onHand: 10 }] } },
      payment: { payments: { balances } },
      orderService: { db: orderDb.db },
      notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl' } } } },
      cart: { carts: { products: [SHOE, SOCK] } },
    });
    stops.push(services);
    // Payment declares its queue, then goes down: what arrives waits there until it runs again.
    await services.payments.stop();
    const { inventory, orderService, cart } = services;
    const watcher = await startProbe(transport, listenerContract('saga-crash-watcher', flowEvents));
    stops.push(watcher.service);
    const storefront = await startProbe(transport, storefrontContract);
    stops.push(storefront.service);

    sagaClient = new pg.Client({ connectionString: sagaDbUrl });
    await sagaClient.connect();
    const client = sagaClient;
    const sagaRow = async (cartId: string) =>
      (
        await client.query<{ saga_id: string; status: string; current_step: number; data: { checkout: { checkoutId: string; orderId: string } } }>(
          `SELECT saga_id, status, current_step, data FROM saga_instances WHERE data->'checkout'->>'cartId' = $1`,
          [cartId],
        )
      ).rows[0];

    const cartId = uuid();
    const send = storefront.service.producer;
    await send.sendAddItemToCart({ cartId, customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 });
    await send.sendAddItemToCart({ cartId, customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 2 });
    await expect.poll(() => cart.carts.cart(cartId)?.version).toBe(2);
    await send.sendCheckoutCart({ cartId, customerId, shippingAddress: address, paymentMethod: card(), promotionCode: 'WELCOME10' });

    // The saga waits at authorize_payment: Payment is down.
    await expect
      .poll(async () => {
        const row = await sagaRow(cartId);
        return row ? `${row.status}:${stepName(row.current_step)}` : undefined;
      }, { timeout: 30_000 })
      .toBe('running:authorize_payment');
    const row = (await sagaRow(cartId)) as NonNullable<Awaited<ReturnType<typeof sagaRow>>>;
    const { checkoutId, orderId } = row.data.checkout;

    first.process.kill('SIGKILL');
    expect(await first.exited).not.toBe(0);
    expect(first.process.signalCode).toBe('SIGKILL');

    const second = startOrchestratorChild(childEnv);
    children.push(second);
    await expect.poll(() => second.lines.some((l) => l.includes('"processes-started"')), { timeout: 60_000 }).toBe(true);
    const payments = await startPaymentServiceProcess(transport, { logger, payments: { balances } });
    stops.push(payments);

    await expect.poll(async () => (await sagaRow(cartId))?.status, { timeout: 30_000 }).toBe('completed');
    expect((await sagaRow(cartId))?.saga_id).toBe(checkoutId);
    await expect.poll(async () => (await orderService.store.getStoredOrder(orderId))?.status, { timeout: 30_000 }).toBe('created');
    const { rows } = await orderDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE order_id = $1', [orderId]);
    expect(rows[0]?.n).toBe(1);
    await expect.poll(() => watcher.of('orderCreated').filter((e) => e.orderId === orderId).length, { timeout: 15_000 }).toBe(1);
    // Give a duplicate a moment to show up, then check again: still one of each.
    await new Promise((r) => setTimeout(r, 500));
    expect(watcher.of('orderCreated').filter((e) => e.orderId === orderId)).toHaveLength(1);
    expect((await sagaRow(cartId))?.status).toBe('completed');
    expect(inventory.inventory.levels(SHOE.sku)).toEqual({ onHand: 10, reserved: 1, available: 9 });
  }, 120_000);
});
