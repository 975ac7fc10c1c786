/**
 * The same three workloads through catwire: typed producer (validation, envelope, confirm per
 * message), typed consumer (envelope, JSON parse, validation, handler, batched safe acks).
 */
import { performance } from 'node:perf_hooks';
import { createRabbitTransport, silentLogger, startService, type MessageContract, type RabbitTransportOptions, type ServiceContract, type Transport } from '../runtime/index.js';
import { consumerContract, makeEvent, producerContract, type BenchEvent } from './runtime-payload.js';

export interface TypedTarget {
  readonly url: string;
  readonly prefix: string;
  readonly prefetch: number;
  /** The transport's `corkWrites` (default true): the bench's cork rounds run it both ways. */
  readonly corkWrites?: boolean;
}

/** `CATWIRE_BENCH_ENVELOPE=binary` measures the binary content mode instead of the default. */
const envelope = process.env['CATWIRE_BENCH_ENVELOPE'] === 'binary' ? 'binary' : 'structured';

function transportOptions(target: TypedTarget): RabbitTransportOptions {
  return { url: target.url, prefix: target.prefix, logger: silentLogger, connectionName: 'catwire-bench', envelope, corkWrites: target.corkWrites ?? true };
}

function transport(target: TypedTarget): Promise<Transport> {
  return createRabbitTransport(transportOptions(target));
}

/** Declares the consumer's topology (queue, binding, retry and dead-letter queues) without consuming. */
export async function declareTopology(target: TypedTarget): Promise<void> {
  const t = await transport(target);
  await startService(t, consumerContract(target.prefetch), { handlers: { benchEvent: async () => {} } }).then((s) => s.stop());
  await t.close();
}

/** A contract that sends the bench event (the producer's own, or one with a bridged older major). */
export type BenchSender = ServiceContract & { readonly sends: { readonly benchEvent: MessageContract<BenchEvent> } };

/**
 * The publish workload every publish figure shares (single node, cluster, dual publication): a
 * new transport, `contract`'s producer, `n` bench events with `batch` publish calls in flight at
 * a time, each resolved on its confirm; publish calls per second (setup and close not timed).
 */
export async function publishRate(options: RabbitTransportOptions, contract: BenchSender, n: number, batch = 1000): Promise<number> {
  const t = await createRabbitTransport({ logger: silentLogger, ...options });
  const { producer } = await startService(t, contract, { handlers: {} });
  const start = performance.now();
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + batch);
    const sent: Promise<unknown>[] = [];
    for (; i < end; i++) sent.push(producer.benchEvent(makeEvent(i)));
    await Promise.all(sent);
  }
  const ms = performance.now() - start;
  await t.close();
  return (n / ms) * 1000;
}

/** Publishes `n` typed events, `batch` in flight at a time, each resolved on its confirm; msg/s. */
export function typedPublish(target: TypedTarget, n: number, batch = 1000): Promise<number> {
  return publishRate(transportOptions(target), producerContract, n, batch);
}

/** Consumes `n` queued events through a typed handler; msg/s. */
export async function typedConsume(target: TypedTarget, n: number): Promise<number> {
  const t = await transport(target);
  let got = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const start = performance.now();
  await startService(t, consumerContract(target.prefetch), {
    handlers: {
      benchEvent: async (event: BenchEvent) => {
        if (event.seq >= 0 && ++got === n) finish();
      },
    },
  });
  await done;
  const ms = performance.now() - start;
  await t.close();
  return (n / ms) * 1000;
}

/** Typed publish at `rate` msg/s for `seconds` into a typed consumer; latencies in ms. */
export async function typedLatency(target: TypedTarget, rate: number, seconds: number, pace: (publish: (seq: number) => void, total: number) => Promise<void>): Promise<Float64Array> {
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const [pubT, subT] = await Promise.all([transport(target), transport(target)]);
  let got = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  await startService(subT, consumerContract(target.prefetch), {
    handlers: {
      benchEvent: async (event) => {
        latencies[got++] = performance.now() - event.t;
        if (got === total) finish();
      },
    },
  });
  const { producer } = await startService(pubT, producerContract, { handlers: {} });
  const failures: unknown[] = [];
  await pace((seq) => void producer.benchEvent(makeEvent(seq, performance.now())).catch((err: unknown) => failures.push(err)), total);
  await done;
  if (failures.length > 0) throw new Error(`${failures.length} typed publishes failed: ${String(failures[0])}`);
  await Promise.all([pubT.close(), subT.close()]);
  return latencies;
}
