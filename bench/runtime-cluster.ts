/**
 * Runtime section, cluster figure: confirmed publish rate on a three-node cluster
 * (test/setup/rabbitmq-cluster.ts) into a quorum queue, catwire next to raw amqplib on the same
 * node, exchange and queue. Rounds are paired as on the single node (runtime.ts): each round
 * runs both, alternating which goes first; the ratio is the median over rounds, the rates each
 * side's best round. Without a cluster (no rabbitmq-server, or it did not form) the figure is
 * skipped with one line saying why.
 */
import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { createRabbitTransport, silentLogger, startService } from '../runtime/index.js';
import { startRabbitCluster, type RabbitCluster } from '../test/setup/rabbitmq-cluster.js';
import { rabbitAvailable } from '../test/setup/rabbitmq-node.js';
import type { BenchSection } from './index.js';
import { median } from './median.js';
import { consumerContract, producerContract } from './runtime-payload.js';
import { rawPublish, type Target } from './runtime-raw.js';
import { publishRate } from './runtime-typed.js';

const PREFETCH = 200;
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** catwire's confirmed publish on the cluster (connected to the first URL), 1,000 in flight; msg/s. */
const typedPublish = (urls: readonly string[], prefix: string, n: number) =>
  publishRate({ urls, prefix, queueType: 'quorum', connectionName: 'catwire-bench' }, producerContract, n);

export const runtimeClusterBench: BenchSection = async ({ quick, log }) => {
  const skipped: Record<string, number> = {};
  if (!rabbitAvailable()) {
    log('cluster: skipped, rabbitmq-server is not installed');
    return skipped;
  }
  let cluster: RabbitCluster;
  try {
    cluster = await startRabbitCluster();
  } catch (err) {
    log(`cluster: skipped, the three-node cluster did not start: ${err instanceof Error ? err.message : String(err)}`);
    return skipped;
  }
  try {
    const urls = cluster.urls;
    const prefix = `bench-${randomBytes(3).toString('hex')}.`;
    const raw: Target = { url: urls[0] as string, exchange: `${prefix}bench.events`, routingKey: 'bench-event.v1', queue: `${prefix}bench.q`, prefetch: PREFETCH };
    const n = quick ? 5_000 : 20_000;
    const rounds = quick ? 3 : 5;
    log(`cluster: 3 nodes formed in ${cluster.startupMs} ms; quorum queue (3 replicas); ${n} msgs of 1 KB per run, ${rounds} paired rounds, both clients on node 1`);

    // The consumer's topology, every queue quorum, without consuming: the messages stay queued.
    const setup = await createRabbitTransport({ urls, prefix, queueType: 'quorum', logger: silentLogger });
    await (await startService(setup, consumerContract(PREFETCH), { handlers: { benchEvent: async () => {} } })).stop();
    await setup.close();
    const admin = await amqp.connect(raw.url);
    const ch = await admin.createChannel();
    const purge = () => ch.purgeQueue(raw.queue);

    await rawPublish(raw, 2_000); // warm-up of both code paths
    await typedPublish(urls, prefix, 2_000);
    await purge();
    const ratios: number[] = [];
    let bestRaw = 0;
    let bestTyped = 0;
    for (let r = 0; r < rounds; r++) {
      const runRaw = async () => {
        const rate = await rawPublish(raw, n);
        await purge();
        return rate;
      };
      const runTyped = async () => {
        const rate = await typedPublish(urls, prefix, n);
        await purge();
        return rate;
      };
      let rawRate: number;
      let typedRate: number;
      if (r % 2 === 0) {
        rawRate = await runRaw();
        typedRate = await runTyped();
      } else {
        typedRate = await runTyped();
        rawRate = await runRaw();
      }
      ratios.push(typedRate / rawRate);
      bestRaw = Math.max(bestRaw, rawRate);
      bestTyped = Math.max(bestTyped, typedRate);
      log(`cluster publish round ${r + 1}: raw ${round(rawRate)} msg/s, typed ${round(typedRate)} msg/s, ratio ${round(typedRate / rawRate, 3)}`);
    }
    for (const q of ['bench.q', 'bench.q.retry.1000', 'bench.q.dlq']) await ch.deleteQueue(`${prefix}${q}`);
    await ch.deleteExchange(raw.exchange);
    await admin.close();
    return {
      cluster_publish_vs_raw: round(median(ratios), 3),
      cluster_publish_raw_msgs_per_s: round(bestRaw),
      cluster_publish_typed_msgs_per_s: round(bestTyped),
      cluster_startup_ms: cluster.startupMs,
    };
  } finally {
    await cluster.stop();
  }
};
