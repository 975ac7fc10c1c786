/**
 * On the three-node cluster, with quorum queues: 20,000 persistent events published with
 * confirms while the node the publisher is connected to stops its broker app
 * (`rabbitmqctl stop_app`) and starts it again. The publisher fails over to the next node and
 * publishes again what was not confirmed; every confirmed event reaches the consumer (on another
 * node) at least once, counted by id; no publish fails.
 */
import { describe, expect, it } from 'vitest';
import { createRabbitTransport, startService } from '../../runtime/index.js';
import { checkoutContract, ordersContract, params } from '../runtime/fixtures/contracts.js';
import { captureLogger } from '../runtime/helpers/capture-logger.js';
import { deferred, waitFor } from '../runtime/helpers/wait.js';
import { clusterFile } from './helpers.js';

const TOTAL = 20_000;
const view = { orderId: 'o', status: 'NEW', total: 1 } as const;

describe('publishing through a node that stops and starts again', () => {
  const file = clusterFile({
    restore: (c) => c.ctl(0, 'start_app'), // whatever happened, leave node 0 running for the next file
    topologyVia: 1,
    contracts: [ordersContract({ queueType: 'quorum' }), checkoutContract({ queueType: 'quorum' })],
  });
  const { prefix, transports } = file;

  it(`every confirmed message of ${TOTAL.toLocaleString('en')} is delivered, none lost`, async () => {
    const c = file.cluster;
    const received = new Set<number>();
    let deliveries = 0;
    const consumerLog = captureLogger();
    const consumer = await createRabbitTransport({ urls: c.urlsFrom(2), prefix, params, queueType: 'quorum', logger: consumerLog, connectionName: 'consumer' });
    transports.push(consumer);
    await startService(consumer, checkoutContract({ queueType: 'quorum', prefetch: 500 }), {
      handlers: {
        orderPlaced: async ({ total: seq }) => {
          deliveries++;
          received.add(seq);
        },
      },
    });

    const producerLog = captureLogger();
    const lost = deferred();
    const warn = producerLog.warn;
    let confirmedAtLoss = -1;
    producerLog.warn = (event, fields) => {
      if (event === 'connection-lost' && confirmedAtLoss < 0) {
        confirmedAtLoss = confirmed.size;
        lost.resolve();
      }
      warn(event, fields);
    };
    const producer = await createRabbitTransport({
      urls: c.urlsFrom(0),
      prefix,
      params,
      queueType: 'quorum',
      logger: producerLog,
      connectionName: 'producer',
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      publishTimeoutMs: 120_000,
    });
    transports.push(producer);
    const orders = await startService(producer, ordersContract({ queueType: 'quorum' }), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });

    const confirmed = new Set<number>();
    const failures: unknown[] = [];
    let stopping: Promise<string> | undefined;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const seq = next++;
        // The last quarter waits for the loss, so it lands mid-stream however slow the CLI is.
        if (seq >= (TOTAL * 3) / 4) await lost.promise;
        try {
          await orders.producer.orderPlaced({ orderId: `o${seq}`, total: seq });
          confirmed.add(seq);
        } catch (err) {
          failures.push(err);
        }
        if (confirmed.size >= 2_000 && !stopping) {
          stopping = c.ctl(0, 'stop_app');
          stopping.catch(() => lost.resolve()); // reported by `await stopping` below
        }
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    await stopping;
    expect(failures).toEqual([]);
    expect(confirmed.size).toBe(TOTAL);
    // The loss happened with publishes in flight, and the producer went on on another node.
    expect(confirmedAtLoss).toBeGreaterThan(0);
    expect(confirmedAtLoss).toBeLessThan(TOTAL);
    expect(producerLog.lines.find((l) => l.event === 'reconnected')?.fields['url']).toBe(c.urls[1]?.replace(':guest@', ':***@'));

    await c.ctl(0, 'start_app');
    await waitFor(() => received.size >= TOTAL, `all ${TOTAL} confirmed messages to arrive (have ${received.size})`, 120_000);
    expect([...confirmed].filter((seq) => !received.has(seq))).toEqual([]);
    expect(deliveries).toBeGreaterThanOrEqual(TOTAL); // redeliveries are allowed, losses are not
    console.log(`cluster publish: loss after ${confirmedAtLoss} confirmed; ${deliveries - TOTAL} duplicate deliveries; cluster started in ${c.startupMs} ms`);
  });
});
