/**
 * Dual publication (docs/versions.md): the publish rate of an event while an older major is
 * bridged (each publish sends the current payload and a downcast copy, both confirmed) next to
 * a single publication of the same event, in the same run and on the same broker. Rounds
 * alternate which goes first; the ratios are medians over rounds.
 *
 * Both sides move the same messages: a dual run makes half as many publish calls, with half as
 * many in flight (500 calls, 1,000 messages), so the broker holds the same number of confirms
 * open and the queue reaches the same depth as in a single run. (Equal calls would compare a
 * run with twice the messages and twice the window against the single one.) Wall-clock rates on
 * a shared two-core machine swing by ±50 % between runs, so each round also records the CPU
 * per message of this process and of the broker (when the run started it): the cost figures
 * the rates follow when the broker is the bottleneck, as it is here.
 */
import amqp from 'amqplib';
import { defineMessage, type ServiceContract } from '../runtime/index.js';
import { median } from './median.js';
import { withCpu } from './process-cpu.js';
import { producerContract, type BenchEvent } from './runtime-payload.js';
import { publishRate } from './runtime-typed.js';

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

export interface DualPublication {
  readonly single_msgs_per_s: number;
  /** Publish calls per second under dual publication: messages of the new major. */
  readonly dual_new_major_msgs_per_s: number;
  /** Both majors' messages per second under dual publication. */
  readonly dual_total_msgs_per_s: number;
  readonly dual_new_major_vs_single: number;
  readonly dual_total_vs_single: number;
  /** CPU per message (both majors' messages counted), dual over single: this process. */
  readonly dual_vs_single_client_cpu_per_msg: number;
  /** The same for the broker, when the bench started it. */
  readonly dual_vs_single_broker_cpu_per_msg?: number;
}

/** `n`: messages per run; `broker`: the process group of a broker the bench started. */
export async function dualPublicationBench(url: string, prefix: string, n: number, rounds: number, log: (line: string) => void, broker?: number): Promise<DualPublication> {
  // Both majors are routed to a queue, as in a real migration: an unroutable copy would cost less.
  const admin = await amqp.connect(url);
  const ch = await admin.createChannel();
  const queue = `${prefix}bench.versions.q`;
  await ch.assertExchange(`${prefix}${exchange.name}`, exchange.type, { durable: true });
  await ch.assertQueue(queue, { durable: true });
  for (const key of ['bench-event.v1', 'bench-event.v2']) await ch.bindQueue(queue, `${prefix}${exchange.name}`, key);
  const cpu = { single: [] as number[], dual: [] as number[], singleBroker: [] as number[], dualBroker: [] as number[] };
  /** Publish calls per second; n messages either way. */
  const run = async (bridged: boolean) => {
    const options = { url, prefix, connectionName: 'catwire-bench-versions' };
    const { result, cpu: spent } = await withCpu(broker, () => (bridged ? publishRate(options, contract(true), n / 2, 500) : publishRate(options, contract(false), n, 1000)));
    await ch.purgeQueue(queue);
    cpu[bridged ? 'dual' : 'single'].push((spent.clientMs * 1000) / n);
    if (spent.groupMs !== undefined) cpu[bridged ? 'dualBroker' : 'singleBroker'].push((spent.groupMs * 1000) / n);
    return result;
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
    const perMsg = (values: number[]) => median(values);
    const clientCpu = perMsg(cpu.dual) / perMsg(cpu.single);
    const brokerCpu = cpu.singleBroker.length > 0 ? perMsg(cpu.dualBroker) / perMsg(cpu.singleBroker) : undefined;
    log(
      `dual publication: CPU per message single/dual here ${perMsg(cpu.single).toFixed(1)}/${perMsg(cpu.dual).toFixed(1)} µs` +
        (brokerCpu === undefined ? '' : `, broker ${perMsg(cpu.singleBroker).toFixed(1)}/${perMsg(cpu.dualBroker).toFixed(1)} µs`),
    );
    return {
      single_msgs_per_s: Math.round(single),
      dual_new_major_msgs_per_s: Math.round(dual),
      dual_total_msgs_per_s: Math.round(2 * dual),
      dual_new_major_vs_single: Number(ratio.toFixed(3)),
      dual_total_vs_single: Number((2 * ratio).toFixed(3)),
      dual_vs_single_client_cpu_per_msg: Number(clientCpu.toFixed(3)),
      ...(brokerCpu === undefined ? {} : { dual_vs_single_broker_cpu_per_msg: Number(brokerCpu.toFixed(3)) }),
    };
  } finally {
    await ch.deleteQueue(queue);
    await ch.deleteExchange(`${prefix}${exchange.name}`);
    await admin.close();
  }
}
