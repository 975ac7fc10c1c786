/**
 * Runtime section: catwire against raw amqplib with the same settings, in the same run, on the
 * same broker (AMQP_URL, or a throwaway node started like the test setup does).
 * The machine is shared (2 cores, broker included), so comparisons are paired: each round runs
 * raw and typed back to back (the order alternates between rounds) and yields one ratio; the
 * reported ratio is the median over rounds, the reported rates are each side's best round.
 * Latency rounds alternate too; each side's p99 is the median of its rounds' p99, so one round
 * hit by a stall elsewhere on the machine does not decide the result.
 * Everything runs twice: with OpenTelemetry off (no SDK registered: the figures without a
 * suffix), then with the SDK and in-memory exporters registered (`_otel` figures, typed side
 * only; raw amqplib has no telemetry either way).
 * The cork rounds pair catwire with its amqplib corking patch on and off (transport option
 * `corkWrites`) on the publish workload: rate ratio, and CPU per message of this process and of
 * the broker (when the run started it), each side's median over rounds.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { startRabbitNode } from '../test/setup/rabbitmq-node.js';
import type { BenchSection } from './index.js';
import { median } from './median.js';
import { withCpu } from './process-cpu.js';
import { runtimeClusterBench } from './runtime-cluster.js';
import { enableOtel, type BenchOtel } from './runtime-otel.js';
import { rawConsume, rawLatency, rawPublish, type Target } from './runtime-raw.js';
import { declareTopology, typedConsume, typedLatency, typedPublish } from './runtime-typed.js';
import { dualPublicationBench } from './runtime-versions.js';

const RATE = 2_000;
const PREFETCH = 200;

/** Publishes on schedule: every tick, as many messages as are due at `RATE` msg/s. */
function pace(publish: (seq: number) => void, total: number): Promise<void> {
  const start = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      while (sent < due) publish(sent++);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
}

/** The percentile of one round, its first 10% (warm-up) dropped. */
function percentile(latencies: Float64Array, p: number): number {
  const sorted = latencies.slice(Math.floor(latencies.length / 10)).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

interface Paired {
  readonly ratio: number;
  readonly raw: number;
  readonly typed: number;
}

/** Runs `rounds` raw/typed pairs (alternating which goes first); median ratio, best rates. */
async function paired(rounds: number, name: string, log: (line: string) => void, runRaw: () => Promise<number>, runTyped: () => Promise<number>): Promise<Paired> {
  const ratios: number[] = [];
  let bestRaw = 0;
  let bestTyped = 0;
  for (let r = 0; r < rounds; r++) {
    let raw: number;
    let typed: number;
    if (r % 2 === 0) {
      raw = await runRaw();
      typed = await runTyped();
    } else {
      typed = await runTyped();
      raw = await runRaw();
    }
    ratios.push(typed / raw);
    bestRaw = Math.max(bestRaw, raw);
    bestTyped = Math.max(bestTyped, typed);
    log(`${name} round ${r + 1}: raw ${round(raw)} msg/s, typed ${round(typed)} msg/s, ratio ${round(typed / raw, 3)}`);
  }
  return { ratio: median(ratios), raw: bestRaw, typed: bestTyped };
}

export const runtimeBench: BenchSection = async (context) => ({ ...(await singleNodeBench(context)), ...(await runtimeClusterBench(context)) });

const singleNodeBench: BenchSection = async ({ quick, log }) => {
  const node = process.env['AMQP_URL'] ? undefined : await startRabbitNode(`catwire-bench-${process.pid}`);
  try {
    await node?.ready;
    const url = process.env['AMQP_URL'] ?? (node?.url as string);
    const prefix = `bench-${randomBytes(3).toString('hex')}.`;
    const raw: Target = { url, exchange: `${prefix}bench.events`, routingKey: 'bench-event.v1', queue: `${prefix}bench.q`, prefetch: PREFETCH };
    const typed = { url, prefix, prefetch: PREFETCH };
    const n = quick ? 12_000 : 50_000;
    const rounds = quick ? 5 : 7;
    const consumeRounds = quick ? 4 : 7;
    const latencyRounds = quick ? 5 : 7;
    const seconds = quick ? 1.5 : 4;
    log(`envelope ${process.env['CATWIRE_BENCH_ENVELOPE'] === 'binary' ? 'binary' : 'structured'}; broker ${node ? 'started for this run' : 'from AMQP_URL'}; ${n} msgs of 1 KB per throughput run, ${rounds}/${consumeRounds} paired publish/consume rounds; latency at ${RATE} msg/s, ${latencyRounds} rounds of ${seconds} s`);

    await declareTopology(typed);
    const admin = await amqp.connect(url);
    const ch = await admin.createChannel();
    const purge = () => ch.purgeQueue(raw.queue);
    const prefill = async () => {
      await typedPublish(typed, n); // identical messages for both consumers: catwire's, envelope included
      while ((await ch.checkQueue(raw.queue)).messageCount < n) await new Promise((r) => setTimeout(r, 20));
    };
    const then = async <T>(run: () => Promise<T>, after: () => Promise<unknown>) => {
      const result = await run();
      await after();
      return result;
    };

    // Warm-up: JIT both code paths (the typed one has more to compile) before measuring.
    await rawPublish(raw, 5_000);
    await typedPublish(typed, 5_000);
    await purge();

    /** The three paired measurements; `otel` (when on) drops its recordings after each typed run. */
    const measure = async (pass: string, otel?: BenchOtel) => {
      const typedThen = async <T>(run: () => Promise<T>) => then(run, async () => (await purge(), await otel?.reset()));
      const publish = await paired(rounds, `${pass}publish`, log, () => then(() => rawPublish(raw, n), purge), () => typedThen(() => typedPublish(typed, n)));
      const consume = await paired(
        consumeRounds,
        `${pass}consume`,
        log,
        async () => then(async () => (await prefill(), rawConsume(raw, n)), purge),
        // The prefill is published with telemetry too; only the consume is timed.
        async () => typedThen(async () => (await prefill(), typedConsume(typed, n))),
      );
      const rawRounds: Float64Array[] = [];
      const typedRounds: Float64Array[] = [];
      for (let r = 0; r < latencyRounds; r++) {
        rawRounds.push(await then(() => rawLatency(raw, RATE, seconds, pace), purge));
        typedRounds.push(await typedThen(() => typedLatency(typed, RATE, seconds, pace)));
        log(`${pass}latency round ${r + 1}: p99 raw ${round(percentile(rawRounds[r] as Float64Array, 99), 2)} ms, typed ${round(percentile(typedRounds[r] as Float64Array, 99), 2)} ms`);
      }
      const side = (rounds: Float64Array[], p: number) => median(rounds.map((latencies) => percentile(latencies, p)));
      return { publish, consume, p99Raw: side(rawRounds, 99), p99Typed: side(typedRounds, 99), p50Raw: side(rawRounds, 50), p50Typed: side(typedRounds, 50) };
    };

    const off = await measure('');
    const otel = enableOtel();
    let on: Awaited<ReturnType<typeof measure>>;
    try {
      // Proof the pass is instrumented: a warm-up run must leave spans behind.
      await typedPublish(typed, 1_000);
      const recorded = await otel.flushedSpans();
      if (recorded < 1_000) throw new Error(`OpenTelemetry pass: expected 1,000 spans from the warm-up, got ${recorded}`);
      await purge();
      await otel.reset();
      on = await measure('otel ', otel);
    } finally {
      await otel.disable();
    }

    // The corking patch on and off, paired; a round's CPU is per message, this process and the broker's.
    const corkCpu = { on: [] as number[], off: [] as number[], brokerOn: [] as number[], brokerOff: [] as number[] };
    const corked = async (corkWrites: boolean) => {
      const { result, cpu } = await withCpu(node?.processGroup, () => then(() => typedPublish({ ...typed, corkWrites }, n), purge));
      corkCpu[corkWrites ? 'on' : 'off'].push((cpu.clientMs * 1000) / n);
      if (cpu.groupMs !== undefined) corkCpu[corkWrites ? 'brokerOn' : 'brokerOff'].push((cpu.groupMs * 1000) / n);
      return result;
    };
    const cork = await paired(rounds, 'cork off/on publish', log, () => corked(false), () => corked(true));
    const cpuFigure = (values: number[]) => (values.length > 0 ? round(median(values), 1) : Number.NaN);
    log(`cork: publish on/off ${round(cork.ratio, 3)}; CPU per message on/off here ${cpuFigure(corkCpu.on)}/${cpuFigure(corkCpu.off)} µs, broker ${cpuFigure(corkCpu.brokerOn)}/${cpuFigure(corkCpu.brokerOff)} µs`);

    const dual = await dualPublicationBench(url, prefix, quick ? 10_000 : 30_000, quick ? 5 : 7, log, node?.processGroup);

    for (const q of ['bench.q', 'bench.q.retry.1000', 'bench.q.dlq']) await ch.deleteQueue(`${prefix}${q}`);
    await ch.deleteExchange(raw.exchange);
    await admin.close();

    return {
      publish_vs_raw: round(off.publish.ratio, 3),
      consume_vs_raw: round(off.consume.ratio, 3),
      p99_vs_raw: round(off.p99Typed / off.p99Raw, 3),
      publish_raw_msgs_per_s: round(off.publish.raw),
      publish_typed_msgs_per_s: round(off.publish.typed),
      consume_raw_msgs_per_s: round(off.consume.raw),
      consume_typed_msgs_per_s: round(off.consume.typed),
      p99_raw_ms: round(off.p99Raw, 3),
      p99_typed_ms: round(off.p99Typed, 3),
      p50_raw_ms: round(off.p50Raw, 3),
      p50_typed_ms: round(off.p50Typed, 3),
      publish_vs_raw_otel: round(on.publish.ratio, 3),
      consume_vs_raw_otel: round(on.consume.ratio, 3),
      p99_vs_raw_otel: round(on.p99Typed / on.p99Raw, 3),
      publish_typed_otel_msgs_per_s: round(on.publish.typed),
      consume_typed_otel_msgs_per_s: round(on.consume.typed),
      p99_typed_otel_ms: round(on.p99Typed, 3),
      ...dual,
      cork_publish_on_vs_off: round(cork.ratio, 3),
      cork_client_cpu_us_per_msg_on: cpuFigure(corkCpu.on),
      cork_client_cpu_us_per_msg_off: cpuFigure(corkCpu.off),
      ...(corkCpu.brokerOn.length > 0 ? { cork_broker_cpu_us_per_msg_on: cpuFigure(corkCpu.brokerOn), cork_broker_cpu_us_per_msg_off: cpuFigure(corkCpu.brokerOff) } : {}),
    };
  } finally {
    await node?.stop();
  }
};
