/**
 * Saga section: the whole order system end to end on one broker (AMQP_URL, or a throwaway node
 * started like the test setup does), every service in this process, the order database and the
 * saga state on in-memory PGlite (or, with `DATABASE_URL`, on that PostgreSQL server). Each order is a cart with one shoe checked out; a fixed number
 * of checkouts is kept in flight (closed loop) and each one's latency runs from CheckoutCart sent
 * to OrderCreated handled by the orchestrator. Messages per order counts the runtime's
 * `message-handled` debug events of every service (cart commands included). The raw amqplib
 * confirm-publish rate is measured in the same run, on the same broker, for `vs_raw` = orders/s
 * × messages per order / raw msg/s. CPU time per order of this process and of the broker (when
 * the run started it) says what bounds the rate on a given machine.
 *
 * `vs_raw` sets 18 hops with persistence against one bare publish rate, so it mostly measures the
 * machine. `vs_raw_choreography` compares like with like: after the services stop, the same
 * orders go through the same message graph on raw amqplib (saga-raw.ts: the same queues and
 * exchanges, persistence, confirms and manual acks, handlers that only count), and the figure is
 * catwire orders/s ÷ raw orders/s, with the CPU per order of each. The two sides alternate, catwire
 * then raw, over 3 rounds (5 in a full run), each catwire round on fresh services and databases,
 * and every figure is the median over the rounds (the ratio is the median of the rounds' ratios).
 *
 * An order is done when the Checkout Orchestrator has handled its OrderCreated (the saga is
 * complete), seen in the same `message-handled` events under the checkout id (the saga's
 * correlation id, which the Checkout API derives from the cart id). A listener service on the
 * broker did this before and cost two deliveries per order that no service needs (it
 * tapped StartCheckout to learn the order id).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import * as generated from '../generated/index.js';
import { storefrontContract } from '../generated/services/storefront/index.js';
import { createRabbitTransport, silentLogger, startService, type Handlers, type LogFields, type Logger, type ServiceContract } from '../runtime/index.js';
import { migrate, openDatabase, redactDatabaseUrl, type Database } from '../system/db/index.js';
import { stableId } from '../system/domain/shared/index.js';
import { ADDRESS, SHOE } from '../system/shop.js';
import { startCheckoutOrchestratorProcess, startPlaceAnOrderServices } from '../system/services/index.js';
import { startRabbitNode } from '../test/setup/rabbitmq-node.js';
import type { BenchSection } from './index.js';
import { median } from './median.js';
import { groupCpuSeconds } from './process-cpu.js';
import { rawPublish, type Target } from './runtime-raw.js';
import { learnGraph, startRawChoreography, tapCausation, type CausationTap, type Graph, type Handled } from './saga-raw.js';

const CARD = { type: 'card' as const, token: 'tok_visa_4242424242', cardLast4: '4242' };

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * With `CATWIRE_BENCH_PROFILE=<dir>`, a V8 CPU profile of this process over the measured orders
 * only (no start-up, warm-up or raw baseline) is written to `<dir>/saga-<pid>.cpuprofile`. The
 * profiler's sampling costs some CPU itself: figures of a profiled run are not comparable.
 */
async function profileWindow(): Promise<() => Promise<void>> {
  const dir = process.env['CATWIRE_BENCH_PROFILE'];
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `saga-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`CPU profile of the measured orders: ${file}\n`);
  };
}

/** Counts `message-handled` debug events and passes them on; everything else is dropped. */
function countingLogger(onHandled: (fields: LogFields) => void): Logger & { handled: number } {
  const logger = {
    handled: 0,
    debug(event: string, fields?: LogFields) {
      if (event !== 'message-handled') return;
      logger.handled++;
      if (fields) onHandled(fields);
    },
    info() {},
    warn() {},
    error() {},
  };
  return logger;
}

interface Naming {
  readonly prefix: string;
  readonly params: Record<string, string>;
}

interface RoundOptions {
  readonly url: string;
  readonly naming: Naming;
  readonly warmup: number;
  readonly orders: number;
  readonly inFlight: number;
  readonly brokerGroup: number | undefined;
  /** A new, empty database for one round's Order Service or orchestrator. */
  readonly freshDatabase: () => Promise<Database>;
  readonly log: (line: string) => void;
}

/**
 * The rounds' databases: in-memory PGlite, or with `DATABASE_URL` a PostgreSQL server, a schema
 * of their own per database (dropped when the run ends), as `openDatabase` gives a service.
 */
function databases(url: string | undefined): { readonly where: string; fresh(): Promise<Database>; dropAll(): Promise<void> } {
  if (!url) return { where: 'in-memory PGlite', fresh: () => openDatabase({ dataDir: 'memory://' }), dropAll: async () => undefined };
  const schemas: string[] = [];
  const admin = () => openDatabase({ url, maxConnections: 1 });
  return {
    where: `the PostgreSQL server of DATABASE_URL (${redactDatabaseUrl(url)})`,
    async fresh() {
      const schema = `catwire_bench_${randomBytes(4).toString('hex')}`;
      const db = await admin();
      try {
        await db.exec(`CREATE SCHEMA ${schema}`);
      } finally {
        await db.close();
      }
      schemas.push(schema);
      return openDatabase({ url, schema });
    },
    async dropAll() {
      if (schemas.length === 0) return;
      const db = await admin();
      try {
        for (const schema of schemas.splice(0)) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/** One measured run of catwire's services; the first round also learns the graph for the raw side. */
interface CatwireRound {
  readonly ordersPerSecond: number;
  readonly messagesPerOrder: number;
  readonly clientCpuMs: number;
  readonly brokerCpuMs: number | undefined;
  readonly p50: number;
  readonly p99: number;
  /** The warm-up's handled messages and what the services published (first round only). */
  readonly learnt?: { readonly trace: readonly Handled[]; readonly causation: CausationTap };
}

/**
 * Starts every service of Place an Order on fresh in-memory databases, warms up, measures
 * `orders` checkouts and stops everything again (the raw side consumes the same queues next).
 */
async function catwireRound(options: RoundOptions, learn: boolean, profile: boolean): Promise<CatwireRound> {
  const { url, naming, warmup, orders, inFlight, brokerGroup, freshDatabase, log } = options;
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const transport = await createRabbitTransport({ url, prefix: naming.prefix, params: naming.params, logger: silentLogger });
    cleanup.push(() => transport.close());
    const causation = learn ? tapCausation(transport) : undefined;
    const orderDb = await freshDatabase();
    cleanup.push(() => orderDb.close());
    await migrate(orderDb);
    const sagaDb = await freshDatabase();
    cleanup.push(() => sagaDb.close());

    /** Resolves each order's wait, by checkout id, when its saga has handled OrderCreated. */
    const waiting = new Map<string, () => void>();
    /** The warm-up's handled messages, from which the raw choreography learns the graph. */
    const trace: Handled[] = [];
    let tracing = learn;
    const logger = countingLogger(({ service, type, source, messageId, correlationId }) => {
      if (tracing && typeof service === 'string' && typeof type === 'string' && typeof source === 'string' && typeof messageId === 'string') {
        trace.push({ service, type, source, messageId });
      }
      if (service !== 'checkout-orchestrator' || typeof type !== 'string' || !type.startsWith('order-created@') || typeof correlationId !== 'string') return;
      waiting.get(correlationId)?.();
      waiting.delete(correlationId);
    });
    const total = warmup + orders;
    const services = await startPlaceAnOrderServices(transport, {
      logger,
      inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: total * 2 }] } },
      payment: { payments: { balances: {} } },
      orderService: { db: orderDb },
      cart: { carts: { products: [SHOE] } },
    });
    cleanup.push(() => services.stop());
    const orchestrator = await startCheckoutOrchestratorProcess(transport, { logger, db: sagaDb, sweepMs: 0 });
    cleanup.push(() => orchestrator.stop());
    const cart = services.cart;

    const storefront = await startService(transport, storefrontContract, {
      logger: silentLogger,
      handlers: Object.fromEntries(Object.keys(storefrontContract.receives).map((k) => [k, async () => undefined])) as unknown as Handlers<typeof storefrontContract>,
    });
    cleanup.push(() => storefront.stop());
    const send = storefront.producer;

    /** Fills `n` carts (one shoe each) and waits until the Cart API holds them all. */
    const fillCarts = async (n: number) => {
      const carts = Array.from({ length: n }, () => ({ cartId: randomUUID(), customerId: randomUUID() }));
      await Promise.all(carts.map((c) => send.sendAddItemToCart({ ...c, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 })));
      while (carts.some((c) => cart.carts.cart(c.cartId)?.version !== 1)) await sleep(5);
      return carts;
    };
    /** Checks out every cart, `inFlight` at a time; each one's latency in ms. */
    const checkOutAll = async (carts: readonly { cartId: string; customerId: string }[]) => {
      const latencies: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < carts.length) {
          const c = carts[next++] as { cartId: string; customerId: string };
          const t0 = performance.now();
          const finished = new Promise<void>((resolve) => waiting.set(stableId('checkout', c.cartId), resolve));
          await send.sendCheckoutCart({ ...c, shippingAddress: ADDRESS, paymentMethod: CARD });
          await finished;
          latencies.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      return latencies;
    };

    await checkOutAll(await fillCarts(warmup));
    await sleep(200);
    tracing = false;
    if (causation) {
      causation.stop();
      const unhandled = [...causation.sizes.keys()].filter((type) => !trace.some((h) => h.type === type));
      log(`warm-up: catwire published ${round(causation.sent.size / warmup, 2)} messages (query replies aside) and handled ${round(trace.length / warmup, 2)} per order${unhandled.length > 0 ? `; published, handled by none: ${unhandled.join(', ')}` : ''}`);
    }

    const handledBefore = logger.handled;
    const stopProfile = profile ? await profileWindow() : async () => undefined;
    const cpuBefore = process.cpuUsage();
    const brokerBefore = groupCpuSeconds(brokerGroup);
    const t0 = performance.now();
    const latencies = await checkOutAll(await fillCarts(orders));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const brokerAfter = groupCpuSeconds(brokerGroup);
    await stopProfile();
    await sleep(200); // late side effects (notifications, read models) count towards the order
    latencies.sort((a, b) => a - b);
    const result = {
      ordersPerSecond: orders / seconds,
      messagesPerOrder: (logger.handled - handledBefore) / orders,
      clientCpuMs: (cpu.user + cpu.system) / 1000 / orders,
      brokerCpuMs: brokerBefore !== undefined && brokerAfter !== undefined ? ((brokerAfter - brokerBefore) * 1000) / orders : undefined,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      ...(causation ? { learnt: { trace, causation } } : {}),
    };
    log(
      `catwire: ${orders} orders in ${round(seconds, 2)} s = ${round(result.ordersPerSecond, 1)} orders/s, ${round(result.messagesPerOrder, 2)} msgs/order, p50 ${round(result.p50, 1)} ms, p99 ${round(result.p99, 1)} ms; ` +
        `CPU per order here ${round(result.clientCpuMs, 2)} ms${result.brokerCpuMs !== undefined ? `, the broker ${round(result.brokerCpuMs, 2)} ms` : ''} (${round((cpu.user + cpu.system) / 1e6 / seconds, 2)} of a core here)`,
    );
    return result;
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  }
}

export const sagaBench: BenchSection = async ({ quick, log }) => {
  const node = process.env['AMQP_URL'] ? undefined : await startRabbitNode(`catwire-bench-saga-${process.pid}`);
  const dbs = databases(process.env['DATABASE_URL'] || undefined);
  try {
    await node?.ready;
    const url = process.env['AMQP_URL'] ?? (node?.url as string);
    const naming: Naming = { prefix: `bench-${randomBytes(3).toString('hex')}.`, params: { env: 'bench' } };
    const { prefix, params } = naming;
    const warmup = quick ? 50 : 200;
    const orders = quick ? 400 : 2_000;
    const inFlight = 32;
    // Paired rounds, catwire then raw back to back, and medians: one disturbed round on a shared
    // machine moves a single pair's ratio by a third.
    const rounds = quick ? 3 : 5;
    log(`broker ${node ? 'started for this run' : 'from AMQP_URL'}; databases on ${dbs.where}; per round ${warmup} warm-up + ${orders} orders, ${inFlight} checkouts in flight; ${rounds} rounds of catwire then raw`);
    const options: RoundOptions = { url, naming, warmup, orders, inFlight, brokerGroup: node?.processGroup, freshDatabase: () => dbs.fresh(), log };
    const contracts = (Object.values(generated) as unknown[]).filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v);

    const catwire: CatwireRound[] = [];
    const raw: RawRound[] = [];
    let graph: LearntGraph | undefined;
    for (let r = 1; r <= rounds; r++) {
      log(`round ${r} of ${rounds}`);
      // Only the first round is profiled: later rounds would overwrite its file.
      const measured = await catwireRound(options, graph === undefined, r === 1);
      catwire.push(measured);
      graph ??= learnt(measured, storefrontContract.service.id, log);
      const baseline = await rawChoreography(options, contracts, graph);
      raw.push(baseline);
      log(`round ${r}: catwire ÷ raw = ${round(measured.ordersPerSecond / baseline.ordersPerSecond, 3)}`);
    }
    const ratios = catwire.map((c, i) => c.ordersPerSecond / (raw[i] as RawRound).ordersPerSecond);
    const mid = <T>(rows: readonly T[], pick: (row: T) => number | undefined) => {
      const values = rows.map(pick).filter((v): v is number => v !== undefined);
      return values.length > 0 ? median(values) : undefined;
    };

    // The bare publish rate, for `vs_raw`, on the same broker after the rounds.
    const target: Target = { url, exchange: `${prefix}raw.events`, routingKey: 'bench-event.v1', queue: `${prefix}raw.q`, prefetch: 200 };
    const admin = await amqp.connect(url);
    const ch = await admin.createChannel();
    await ch.assertExchange(target.exchange, 'topic', { durable: true });
    await ch.assertQueue(target.queue, { durable: true });
    await ch.bindQueue(target.queue, target.exchange, target.routingKey);
    const rawN = quick ? 10_000 : 30_000;
    await rawPublish(target, 2_000);
    await ch.purgeQueue(target.queue);
    let rawRate = 0;
    for (let i = 0; i < 3; i++) {
      rawRate = Math.max(rawRate, await rawPublish(target, rawN));
      await ch.purgeQueue(target.queue);
    }
    await ch.deleteQueue(target.queue);
    await ch.deleteExchange(target.exchange);
    // What the services declared under this run's prefix (matters on a broker from AMQP_URL).
    const brokerName = (template: string) => {
      // docs/runtime.md, naming: parameters filled, then the prefix ('' and amq.* as they are).
      const filled = template.replace(/\{([^{}]+)\}/g, (_match, name: string) => params[name as keyof typeof params] ?? name);
      return filled === '' || filled.startsWith('amq.') ? filled : prefix + filled;
    };
    for (const contract of contracts) {
      for (const q of contract.topology.queues) await ch.deleteQueue(brokerName(q.name));
      for (const e of contract.topology.exchanges) if (!e.name.startsWith('amq.') && e.name !== '') await ch.deleteExchange(brokerName(e.name));
    }
    await admin.close();
    log(`raw amqplib confirm publish: ${round(rawRate)} msg/s (best of 3 × ${rawN})`);

    const ordersPerSecond = mid(catwire, (c) => c.ordersPerSecond) as number;
    const messagesPerOrder = mid(catwire, (c) => c.messagesPerOrder) as number;
    const brokerCpuMs = mid(catwire, (c) => c.brokerCpuMs);
    const rawBrokerCpuMs = mid(raw, (c) => c.brokerCpuMs);
    log(`catwire ÷ raw by round: ${ratios.map((v) => round(v, 3)).join(', ')} (median ${round(median(ratios), 3)})`);
    return {
      orders_per_s: round(ordersPerSecond, 1),
      messages_per_order: round(messagesPerOrder, 2),
      vs_raw: round((ordersPerSecond * messagesPerOrder) / rawRate, 4),
      vs_raw_choreography: round(median(ratios), 3),
      raw_choreography_orders_per_s: round(mid(raw, (c) => c.ordersPerSecond) as number, 1),
      raw_choreography_messages_per_order: round(mid(raw, (c) => c.messagesPerOrder) as number, 2),
      raw_choreography_client_cpu_ms_per_order: round(mid(raw, (c) => c.clientCpuMs) as number, 2),
      ...(rawBrokerCpuMs !== undefined ? { raw_choreography_broker_cpu_ms_per_order: round(rawBrokerCpuMs, 2) } : {}),
      p99_ms: round(mid(catwire, (c) => c.p99) as number, 1),
      p50_ms: round(mid(catwire, (c) => c.p50) as number, 1),
      raw_publish_msgs_per_s: round(rawRate),
      client_cpu_ms_per_order: round(mid(catwire, (c) => c.clientCpuMs) as number, 2),
      ...(brokerCpuMs !== undefined ? { broker_cpu_ms_per_order: round(brokerCpuMs, 2) } : {}),
    };
  } finally {
    await dbs.dropAll().catch(() => undefined);
    await node?.stop();
  }
};

/** A step of the raw run that has not happened in 30 s never will (a gap in the graph): fail. */
async function within<T>(step: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`raw choreography stalled: ${what} not seen in 30 s`)), 30_000);
  });
  try {
    return await Promise.race([step, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** The raw side's plan: the graph learnt from catwire's first warm-up, and what marks a cart filled and an order done. */
interface LearntGraph {
  readonly graph: Graph;
  readonly sizes: ReadonlyMap<string, number>;
  readonly driver: string;
  readonly addItem: string;
  readonly checkout: string;
  readonly cartService: string;
  readonly done: string;
}

function learnt(round: CatwireRound, driver: string, log: (line: string) => void): LearntGraph {
  if (!round.learnt) throw new Error('the first round did not record its warm-up');
  const { trace, causation } = round.learnt;
  const label = (m: { id: string; version: string }) => `${m.id}@${m.version}`;
  const addItem = label(storefrontContract.sends.sendAddItemToCart);
  const checkout = label(storefrontContract.sends.sendCheckoutCart);
  const cartService = trace.find((h) => h.type === addItem)?.service;
  const done = trace.find((h) => h.service === 'checkout-orchestrator' && h.type.startsWith('order-created@'))?.type;
  if (!cartService || !done) throw new Error('the warm-up trace has no cart fill or no completed order');
  const graph = learnGraph(trace, causation.sent);
  // A root the driver does not send would leave every order waiting: say so instead.
  const strays = [...graph.roots].filter((type) => type !== addItem && type !== checkout);
  if (strays.length > 0) throw new Error(`the learnt graph has roots the driver does not send: ${strays.join(', ')}`);
  log(`raw choreography graph, learnt from the warm-up's causation ids: ${[...graph.reactions].map(([on, sends]) => `${on} → ${sends.join(' + ')}`).join('; ')}`);
  return { graph, sizes: causation.sizes, driver, addItem, checkout, cartService, done };
}

interface RawRound {
  readonly ordersPerSecond: number;
  readonly messagesPerOrder: number;
  readonly clientCpuMs: number;
  readonly brokerCpuMs: number | undefined;
}

/**
 * The same orders through the raw choreography (saga-raw.ts), after catwire's services stopped:
 * carts filled, then checkouts `inFlight` at a time, each done when the orchestrator's queue has
 * handled its OrderCreated.
 */
async function rawChoreography(options: RoundOptions, contracts: readonly ServiceContract[], plan: LearntGraph): Promise<RawRound> {
  const { url, naming, warmup, orders, inFlight, brokerGroup, log } = options;
  const { graph, sizes, driver, addItem, checkout, cartService, done } = plan;
  const raw = await startRawChoreography(url, naming, contracts, graph, sizes, driver);
  try {
    const run = async (n: number, tag: string) => {
      const ids = Array.from({ length: n }, (_, i) => `${tag}-${i}-${randomUUID()}`);
      await Promise.all(ids.map(async (id) => {
        const filled = raw.handled(cartService, addItem, `cart-${id}`);
        await raw.send(addItem, `cart-${id}`);
        await within(filled, `cart ${id} filled`);
      }));
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const finished = raw.handled('checkout-orchestrator', done, id);
          await raw.send(checkout, id);
          await within(finished, `order ${id} done`);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    };
    await run(warmup, 'warm');
    await sleep(200);
    const before = raw.deliveries;
    const cpuBefore = process.cpuUsage();
    const brokerBefore = groupCpuSeconds(brokerGroup);
    const t0 = performance.now();
    await run(orders, 'run');
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const brokerAfter = groupCpuSeconds(brokerGroup);
    await sleep(200);
    const result = {
      ordersPerSecond: orders / seconds,
      messagesPerOrder: (raw.deliveries - before) / orders,
      clientCpuMs: (cpu.user + cpu.system) / 1000 / orders,
      brokerCpuMs: brokerBefore !== undefined && brokerAfter !== undefined ? ((brokerAfter - brokerBefore) * 1000) / orders : undefined,
    };
    log(`raw choreography (driver sends ${[...graph.roots].join(', ')}): ${orders} orders in ${round(seconds, 2)} s = ${round(result.ordersPerSecond, 1)} orders/s, ${round(result.messagesPerOrder, 2)} msgs/order; CPU per order here ${round(result.clientCpuMs, 2)} ms${result.brokerCpuMs !== undefined ? `, the broker ${round(result.brokerCpuMs, 2)} ms` : ''}`);
    return result;
  } finally {
    await raw.close();
  }
}
