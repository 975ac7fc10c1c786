/**
 * On the three-node cluster, with quorum queues: the node a consumer is connected to is killed
 * (SIGKILL of its VM) while handlers are running. The consumer resumes on the next node; the
 * deliveries it was handling come back (their acks died with the node), and the idempotency
 * store drops them instead of running their handlers again. Every event is handled exactly once.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore, createRabbitTransport, startService, type IdempotencyStore } from '../../runtime/index.js';
import { checkoutContract, ordersContract, params } from '../runtime/fixtures/contracts.js';
import { captureLogger } from '../runtime/helpers/capture-logger.js';
import { deferred, waitFor } from '../runtime/helpers/wait.js';
import { clusterFile } from './helpers.js';

const TOTAL = 5_000;
/** Handlers started after this many wait until the consumer's node is gone. */
const HOLD_AFTER = 1_000;
const view = { orderId: 'o', status: 'NEW', total: 1 } as const;

describe('a consumer whose node is killed', () => {
  const file = clusterFile({
    restore: (c) => c.restart(1), // the next file finds three nodes again
    topologyVia: 0,
    contracts: [ordersContract({ queueType: 'quorum' }), checkoutContract({ queueType: 'quorum' })],
  });
  const { prefix, transports } = file;

  it('resumes on another node; nothing lost; redeliveries dropped by the idempotency store', async () => {
    const c = file.cluster;
    const memory = createMemoryIdempotencyStore();
    let dropped = 0;
    const store: IdempotencyStore = {
      has: (key) => {
        const seen = memory.has(key) as boolean;
        if (seen) dropped++;
        return seen;
      },
      add: (key) => memory.add(key),
    };
    const handled = new Map<number, number>();
    const nodeGone = deferred();
    const consumerLog = captureLogger();
    const warn = consumerLog.warn;
    consumerLog.warn = (event, fields) => {
      // Released before the reconnect can bring the held deliveries back: each handler then
      // completes (recorded in the store), and its ack is lost with the connection.
      if (event === 'connection-lost') nodeGone.resolve();
      warn(event, fields);
    };
    const consumer = await createRabbitTransport({
      urls: c.urlsFrom(1),
      prefix,
      params,
      queueType: 'quorum',
      logger: consumerLog,
      connectionName: 'consumer',
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    });
    transports.push(consumer);
    let started = 0;
    let killing: Promise<void> | undefined;
    await startService(consumer, checkoutContract({ queueType: 'quorum', prefetch: 100 }), {
      idempotency: store,
      handlers: {
        orderPlaced: async ({ total: seq }) => {
          if (++started > HOLD_AFTER) {
            killing ??= c.kill(1);
            await nodeGone.promise;
          }
          handled.set(seq, (handled.get(seq) ?? 0) + 1);
        },
      },
    });

    const producer = await createRabbitTransport({ urls: c.urlsFrom(0), prefix, params, queueType: 'quorum', logger: captureLogger(), connectionName: 'producer' });
    transports.push(producer);
    const orders = await startService(producer, ordersContract({ queueType: 'quorum' }), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const seq = next++;
        await orders.producer.orderPlaced({ orderId: `o${seq}`, total: seq });
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));

    await waitFor(() => killing !== undefined, 'the kill to start', 60_000);
    await killing;
    await waitFor(() => handled.size >= TOTAL, `every event handled (have ${handled.size})`, 120_000);
    await waitFor(() => consumerLog.events().includes('reconnected'), 'the consumer to reconnect');
    expect(consumerLog.lines.find((l) => l.event === 'reconnected')?.fields['url']).toBe(c.urls[2]?.replace(':guest@', ':***@'));
    expect([...handled.values()].filter((n) => n !== 1)).toEqual([]);
    expect(handled.size).toBe(TOTAL);
    // The held deliveries were redelivered and dropped, not handled twice.
    expect(dropped).toBeGreaterThan(0);
    console.log(`cluster consumer: ${dropped} redeliveries dropped by the idempotency store`);
  });
});
