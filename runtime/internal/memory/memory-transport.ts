/**
 * The in-memory transport: the embedded default when no AMQP URL is configured, and the fast
 * transport for unit tests. Same semantics as the RabbitMQ transport (routing, ack/requeue,
 * retry queues with TTL, dead-letter, direct reply-to, unroutable commands) without a broker.
 * It is never a substitute for the RabbitMQ tests.
 */
import { randomUUID } from 'node:crypto';
import { decodeMessage, type Decoded } from '../decode.js';
import { PublishError, RequestError } from '../errors.js';
import { createJsonLogger } from '../log.js';
import { makeTransport, type NamingOptions, type Transport } from '../transport.js';
import type { ConsumerHandle, Delivery, PublishOptions, TopologyDeclaration, Wire, WireMessage } from '../wire.js';
import { BrokerRefusal, MemoryBroker, REPLY_PREFIX } from './broker.js';
import { MemoryConsumer } from './queue.js';

export type MemoryTransportOptions = NamingOptions;

class MemoryWire implements Wire {
  readonly kind = 'memory' as const;
  private readonly broker = new MemoryBroker();
  private closed = false;

  async declare(topology: TopologyDeclaration): Promise<void> {
    this.broker.declare(topology);
  }

  async remove(topology: TopologyDeclaration): Promise<void> {
    this.broker.remove(topology);
  }

  async publish(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions): Promise<void> {
    const target = { exchange, routingKey };
    if (this.closed) throw new PublishError('transport-closed', `cannot publish ${options.label}: the transport is closed`, target);
    let routed: number;
    try {
      routed = this.broker.publish(exchange, routingKey, message);
    } catch (err) {
      if (!(err instanceof BrokerRefusal)) throw err;
      throw new PublishError('publish-rejected', `publish of ${options.label} to ${exchange || '(default exchange)'} was rejected: ${err.message}`, target);
    }
    if (routed === 0 && options.mandatory) {
      throw new PublishError('unroutable', `${options.label} reached no queue: nothing is bound to exchange ${exchange || '(default)'} with routing key ${routingKey}`, target);
    }
  }

  async consume(queueName: string, prefetch: number, onDelivery: (delivery: Delivery) => void): Promise<ConsumerHandle> {
    const queue = this.broker.queues.get(queueName);
    if (!queue) throw new BrokerRefusal(`NOT_FOUND - no queue '${queueName}'`);
    const consumer = new MemoryConsumer(prefetch, onDelivery);
    queue.addConsumer(consumer);
    return {
      cancel: async () => {
        if (!consumer.cancelled) queue.removeConsumer(consumer);
      },
      close: async () => {
        if (!consumer.cancelled) queue.removeConsumer(consumer);
        // Like a closed channel: whatever is still unacknowledged goes back to the queue.
        for (const stored of [...consumer.outstanding].reverse()) {
          consumer.outstanding.delete(stored);
          queue.requeue(stored);
        }
      },
    };
  }

  async request(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions & { timeoutMs: number }): Promise<Decoded> {
    const address = REPLY_PREFIX + randomUUID();
    const requestId = message.id;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Decoded>((resolve, reject) => {
      this.broker.replyAddresses.set(address, (m) => {
        const decoded = decodeMessage(m);
        if (decoded.envelope.causationId === requestId) resolve(decoded);
      });
      timer = setTimeout(() => {
        reject(new RequestError('request-timeout', `no reply to ${options.label} within ${options.timeoutMs} ms (request ${requestId})`, options.label));
      }, options.timeoutMs);
    });
    try {
      // Object.assign, not a spread, for the reason in encode.ts.
      await this.publish(exchange, routingKey, { ...message, properties: Object.assign({}, message.properties, { replyTo: address }) }, options);
      return await reply;
    } finally {
      clearTimeout(timer);
      this.broker.replyAddresses.delete(address);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.broker.close();
  }
}

/** An in-process broker; every service started on the same transport talks through it. */
export function createMemoryTransport(options: MemoryTransportOptions = {}): Transport {
  return makeTransport(new MemoryWire(), 'memory', options, options.logger ?? createJsonLogger());
}
