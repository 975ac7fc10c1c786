/**
 * The baseline: raw amqplib with the settings the runtime uses (noDelay socket, confirm channel,
 * persistent messages, durable classic queue, same exchange, routing key, payload and prefetch),
 * written the way a careful amqplib user would, without catwire's envelope or validation.
 */
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { makeEvent } from './runtime-payload.js';

export interface Target {
  readonly url: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly queue: string;
  readonly prefetch: number;
}

const publishOptions = { persistent: true, contentType: 'application/json' } as const;

/** Publishes `n` messages in batches of `batch`, waiting for the confirms of each batch; msg/s. */
export async function rawPublish(target: Target, n: number, batch = 1000): Promise<number> {
  const conn = await amqp.connect(target.url, { noDelay: true });
  const ch = await conn.createConfirmChannel();
  const start = performance.now();
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + batch);
    for (; i < end; i++) {
      const body = Buffer.from(JSON.stringify(makeEvent(i)));
      if (!ch.publish(target.exchange, target.routingKey, body, publishOptions)) await new Promise((resolve) => ch.once('drain', resolve));
    }
    await ch.waitForConfirms();
  }
  const ms = performance.now() - start;
  await conn.close();
  return (n / ms) * 1000;
}

/** Consumes `n` queued messages, parsing each and acking each one by one; msg/s. */
export async function rawConsume(target: Target, n: number): Promise<number> {
  const conn = await amqp.connect(target.url, { noDelay: true });
  const ch = await conn.createChannel();
  await ch.prefetch(target.prefetch);
  let got = 0;
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    ch.consume(
      target.queue,
      (msg) => {
        if (!msg) return;
        if ((JSON.parse(msg.content.toString('utf8')) as { seq: number }).seq < 0) throw new Error('bad message');
        ch.ack(msg);
        if (++got === n) resolve();
      },
      { noAck: false },
    ).catch(reject);
  });
  const ms = performance.now() - start;
  await conn.close();
  return (n / ms) * 1000;
}

/** Publishes at `rate` msg/s for `seconds`, consumes on a second connection; latencies in ms. */
export async function rawLatency(target: Target, rate: number, seconds: number, pace: (publish: (seq: number) => void, total: number) => Promise<void>): Promise<Float64Array> {
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const [pubConn, subConn] = await Promise.all([amqp.connect(target.url, { noDelay: true }), amqp.connect(target.url, { noDelay: true })]);
  const sub = await subConn.createChannel();
  await sub.prefetch(target.prefetch);
  let got = 0;
  const done = new Promise<void>((resolve) => {
    void sub.consume(target.queue, (msg) => {
      if (!msg) return;
      const event = JSON.parse(msg.content.toString('utf8')) as { t: number };
      latencies[got++] = performance.now() - event.t;
      sub.ack(msg);
      if (got === total) resolve();
    });
  });
  const pub = await pubConn.createConfirmChannel();
  await pace((seq) => {
    pub.publish(target.exchange, target.routingKey, Buffer.from(JSON.stringify(makeEvent(seq, performance.now()))), publishOptions, () => {});
  }, total);
  await done;
  await Promise.all([pubConn.close(), subConn.close()]);
  return latencies;
}
