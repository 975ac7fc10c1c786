/**
 * The retry and dead-letter chain on quorum queues, on the three-node cluster: commands whose
 * first attempt fails wait in the quorum retry queue (message TTL, dead-lettered back to the main
 * queue) while the node every client is connected to is killed; they come back after the delay
 * and are handled on their second attempt. Commands that always fail end in the quorum
 * dead-letter queue after their last retry, with the error. Nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import { createRabbitTransport, startService } from '../../runtime/index.js';
import { aPlaceOrder, checkoutContract, ordersContract, params } from '../runtime/fixtures/contracts.js';
import { drainQueue } from '../runtime/helpers/broker.js';
import { captureLogger } from '../runtime/helpers/capture-logger.js';
import { waitFor } from '../runtime/helpers/wait.js';
import { clusterFile } from './helpers.js';

const GOOD = 50;
const BAD = 5;
const DELAYS = [2_000, 2_000];
const view = { orderId: 'o', status: 'NEW', total: 1 } as const;

describe('retries and dead letters on quorum queues while a node dies', () => {
  const file = clusterFile({
    restore: (c) => c.restart(0),
    topologyVia: 1,
    contracts: [ordersContract({ queueType: 'quorum', retryDelaysMs: DELAYS }), checkoutContract({ queueType: 'quorum' })],
  });
  const { prefix } = file;

  it('brings every retried command back after the delay, and dead-letters the ones that always fail', async () => {
    const c = file.cluster;
    const log = captureLogger();
    const transport = await createRabbitTransport({ urls: c.urlsFrom(0), prefix, params, logger: log, reconnect: { initialDelayMs: 50, maxDelayMs: 500 } });
    file.transports.push(transport);
    const failedOnce = new Set<string>();
    const handled = new Map<string, number>();
    await startService(transport, ordersContract({ queueType: 'quorum', retryDelaysMs: DELAYS }), {
      handlers: {
        placeOrder: async ({ orderId }, ctx) => {
          if (orderId.startsWith('bad-')) throw new Error(`${orderId} always fails`);
          if (ctx.attempt === 0) {
            failedOnce.add(orderId);
            throw new Error('first attempt fails');
          }
          handled.set(orderId, ctx.attempt);
        },
        getOrder: async () => view,
      },
    });
    const checkout = await startService(transport, checkoutContract({ queueType: 'quorum' }), { handlers: { orderPlaced: async () => {} } });
    const good = Array.from({ length: GOOD }, (_, i) => `ord-${i}`);
    const bad = Array.from({ length: BAD }, (_, i) => `bad-${i}`);
    await Promise.all([...good, ...bad].map((id) => checkout.producer.placeOrder(aPlaceOrder(id))));

    // Every good command failed once and now waits in the retry queue: the node goes.
    await waitFor(() => failedOnce.size === GOOD, `every first attempt to fail (have ${failedOnce.size})`, 60_000);
    expect(handled.size).toBe(0);
    await c.kill(0);

    await waitFor(() => handled.size === GOOD, `every retried command handled (have ${handled.size})`, 120_000);
    expect(new Set(handled.values())).toEqual(new Set([1]));
    expect(log.events()).toContain('reconnected');

    // The always-failing ones: three attempts, then the dead-letter queue with the error.
    const dead = await waitFor(async () => {
      const got = await drainQueue(c.urls[1] as string, `${prefix}orders.dlq`);
      return got.length > 0 ? got : undefined;
    }, 'the dead letters', 60_000);
    const more: typeof dead = [];
    await waitFor(async () => {
      more.push(...(await drainQueue(c.urls[1] as string, `${prefix}orders.dlq`)));
      return dead.length + more.length >= BAD;
    }, 'every dead letter', 60_000);
    const letters = [...dead, ...more];
    const ids = letters.map((m) => ((m.body as { data?: { orderId?: string } }).data ?? (m.body as { orderId?: string })).orderId);
    // A good command among the dead letters: its headers (the runtime's reason, the broker's
    // x-death) say which path put it there; this has happened on a loaded machine only.
    const strays = letters.filter((m, i) => !bad.includes(ids[i] as string)).map((m) => m.headers);
    expect(new Set(ids), `dead letters of good commands: ${JSON.stringify(strays)}`).toEqual(new Set(bad));
    for (const letter of letters) expect(JSON.stringify(letter.headers)).toContain('always fails');
  });
});
