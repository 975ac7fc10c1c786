/**
 * Dual publication (docs/versions.md): the publish rate of an event while an older major is
 * bridged (each publish sends the current payload and a downcast copy, both confirmed) next to
 * a single publication of the same event, in the same run and on the same broker. Rounds
 * alternate which goes first; the ratios are medians over rounds.
 */
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { createRabbitTransport, defineMessage, silentLogger, startService, type ServiceContract } from '../runtime/index.js';
import { median } from './median.js';
import { makeEvent, producerContract, type BenchEvent } from './runtime-payload.js';

const current = producerContract.sends.benchEvent;
const exchange = { name: 'bench.versions', type: 'topic', durable: true } as const;

function contract(bridged: boolean) {
  return {
    service: { id: 'bench-versions', name: 'Bench versions', version: '1.0.0' },
    sends: {
      benchEvent: defineMessage<BenchEvent>({
        id: 'bench-event', version: '2.0.0', kind: 'event', exchange: exchange.name, routingKey: 'bench-event.v2', schema: current.schema,
        // The copy costs a cast and a second validation and confirm: a shallow copy stands in for a real downcaster.
        ...(bridged ? { bridges: [{ version: '1.0.0', routingKey: 'bench-event.v1', schema: current.schema, cast: (e: BenchEvent) => ({ ...e }) }] } : {}),
      }),
    },
    receives: {},
    queue: 'bench-versions',
    retry: { delaysMs: [] },
    prefetch: 1,
    topology: { exchanges: [exchange], queues: [], bindings: [] },
  } as const satisfies ServiceContract;
}

/** Publish calls per second, `batch` in flight at a time. */
async function publishRate(url: string, prefix: string, bridged: boolean, n: number, batch = 1000): Promise<number> {
  const t = await createRabbitTransport({ url, prefix, logger: silentLogger, connectionName: 'catwire-bench-versions' });
  const { producer } = await startService(t, contract(bridged), { handlers: {} });
  const start = performance.now();
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + batch);
    const sent: Promise<void>[] = [];
    for (; i < end; i++) sent.push(producer.benchEvent(makeEvent(i)));
    await Promise.all(sent);
  }
  const ms = performance.now() - start;
  await t.close();
  return (n / ms) * 1000;
}

export interface DualPublication {
  readonly single_msgs_per_s: number;
  /** Publish calls per second under dual publication: messages of the new major. */
  readonly dual_new_major_msgs_per_s: number;
  /** Both majors' messages per second under dual publication. */
  readonly dual_total_msgs_per_s: number;
  readonly dual_new_major_vs_single: number;
  readonly dual_total_vs_single: number;
}

export async function dualPublicationBench(url: string, prefix: string, n: number, rounds: number, log: (line: string) => void): Promise<DualPublication> {
  // Both majors are routed to a queue, as in a real migration: an unroutable copy would cost less.
  const admin = await amqp.connect(url);
  const ch = await admin.createChannel();
  const queue = `${prefix}bench.versions.q`;
  await ch.assertExchange(`${prefix}${exchange.name}`, exchange.type, { durable: true });
  await ch.assertQueue(queue, { durable: true });
  for (const key of ['bench-event.v1', 'bench-event.v2']) await ch.bindQueue(queue, `${prefix}${exchange.name}`, key);
  const run = async (bridged: boolean) => {
    const rate = await publishRate(url, prefix, bridged, n);
    await ch.purgeQueue(queue);
    return rate;
  };
  try {
    await run(true); // warm-up of both paths
    await run(false);
    const ratios: number[] = [];
    let single = 0;
    let dual = 0;
    for (let r = 0; r < rounds; r++) {
      let s: number;
      let d: number;
      if (r % 2 === 0) {
        s = await run(false);
        d = await run(true);
      } else {
        d = await run(true);
        s = await run(false);
      }
      ratios.push(d / s);
      single = Math.max(single, s);
      dual = Math.max(dual, d);
      log(`dual publication round ${r + 1}: single ${Math.round(s)} msg/s, dual ${Math.round(d)} publishes/s (${Math.round(2 * d)} msg/s), ratio ${(d / s).toFixed(3)}`);
    }
    const ratio = median(ratios);
    return {
      single_msgs_per_s: Math.round(single),
      dual_new_major_msgs_per_s: Math.round(dual),
      dual_total_msgs_per_s: Math.round(2 * dual),
      dual_new_major_vs_single: Number(ratio.toFixed(3)),
      dual_total_vs_single: Number((2 * ratio).toFixed(3)),
    };
  } finally {
    await ch.deleteQueue(queue);
    await ch.deleteExchange(`${prefix}${exchange.name}`);
    await admin.close();
  }
}
