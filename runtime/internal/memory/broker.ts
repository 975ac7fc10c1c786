/**
 * The in-memory broker: exchanges (direct, topic, fanout), the default exchange, queues,
 * bindings, dead-letter routing and direct reply-to addresses. Declarations are idempotent and,
 * like RabbitMQ, refuse to redeclare a name with different settings.
 */
import { bindingRoutes } from '../routing.js';
import type { BindingDeclaration, TopologyDeclaration, WireMessage } from '../wire.js';
import { MemoryQueue, type DeadLetterHook, type Stored } from './queue.js';

export const REPLY_PREFIX = 'amq.rabbitmq.reply-to.';

interface MemoryExchange {
  readonly type: string;
  readonly bindings: BindingDeclaration[];
}

/** Raised like RabbitMQ's channel errors (404 NOT_FOUND, 406 PRECONDITION_FAILED). */
export class BrokerRefusal extends Error {}

export class MemoryBroker {
  private readonly exchanges = new Map<string, MemoryExchange>();
  readonly queues = new Map<string, MemoryQueue>();
  readonly replyAddresses = new Map<string, (message: WireMessage) => void>();

  declare(topology: TopologyDeclaration): void {
    for (const e of topology.exchanges) {
      if (e.type === 'headers') throw new BrokerRefusal(`exchange '${e.name}': headers exchanges are not supported in memory`);
      const existing = this.exchanges.get(e.name);
      if (existing && existing.type !== e.type) {
        throw new BrokerRefusal(`PRECONDITION_FAILED - inequivalent arg 'type' for exchange '${e.name}': received '${e.type}' but current is '${existing.type}'`);
      }
      if (!existing) this.exchanges.set(e.name, { type: e.type, bindings: [] });
    }
    for (const q of topology.queues) {
      const existing = this.queues.get(q.name);
      if (existing && JSON.stringify(existing.args) !== JSON.stringify(q.arguments)) {
        throw new BrokerRefusal(`PRECONDITION_FAILED - inequivalent arguments for queue '${q.name}'`);
      }
      if (!existing) this.queues.set(q.name, new MemoryQueue(q.name, q.arguments, this.deadLetter));
    }
    for (const b of topology.bindings) {
      const exchange = this.exchanges.get(b.exchange);
      if (!exchange) throw new BrokerRefusal(`NOT_FOUND - no exchange '${b.exchange}'`);
      if (!this.queues.has(b.queue)) throw new BrokerRefusal(`NOT_FOUND - no queue '${b.queue}'`);
      const same = (x: BindingDeclaration) => x.queue === b.queue && x.routingKey === b.routingKey;
      if (!exchange.bindings.some(same)) exchange.bindings.push(b);
    }
  }

  /** Like RabbitMQ's queue.delete and exchange.delete: a missing name is not an error. */
  remove(topology: TopologyDeclaration): void {
    const queues = new Set(topology.queues.map((q) => q.name));
    for (const name of queues) {
      this.queues.get(name)?.purge();
      this.queues.delete(name);
    }
    for (const e of topology.exchanges) this.exchanges.delete(e.name);
    for (const exchange of this.exchanges.values()) {
      const kept = exchange.bindings.filter((b) => !queues.has(b.queue));
      exchange.bindings.splice(0, exchange.bindings.length, ...kept);
    }
  }

  /** Routes a message; returns how many queues (or reply addresses) received it. */
  publish(exchange: string, routingKey: string, message: WireMessage): number {
    if (exchange === '') return this.toQueue(routingKey, exchange, routingKey, message);
    const target = this.exchanges.get(exchange);
    if (!target) throw new BrokerRefusal(`NOT_FOUND - no exchange '${exchange}'`);
    const queues = new Set(target.bindings.filter((b) => bindingRoutes(target.type, b.routingKey, routingKey)).map((b) => b.queue));
    let routed = 0;
    for (const queue of queues) routed += this.toQueue(queue, exchange, routingKey, message);
    return routed;
  }

  private toQueue(name: string, exchange: string, routingKey: string, message: WireMessage): number {
    if (name.startsWith(REPLY_PREFIX)) {
      const deliver = this.replyAddresses.get(name);
      if (deliver) setImmediate(() => deliver(message));
      return deliver ? 1 : 0;
    }
    const queue = this.queues.get(name);
    if (!queue) return 0;
    queue.enqueue({ message, exchange, routingKey, redelivered: false, deliveries: 0 });
    return 1;
  }

  private readonly deadLetter: DeadLetterHook = (queue, stored: Stored, reason) => {
    const dlx = queue.args['x-dead-letter-exchange'];
    if (typeof dlx !== 'string') return; // no dead-letter exchange: dropped, as RabbitMQ does
    const dlrk = queue.args['x-dead-letter-routing-key'];
    const before = stored.message.properties.headers ?? {};
    const previous = before['x-death'];
    const death = { count: 1, reason, queue: queue.name, exchange: stored.exchange, 'routing-keys': [stored.routingKey], time: new Date() };
    // Object.assign, not spreads, for the reason in encode.ts.
    const headers = Object.assign({}, before, {
      'x-death': [death, ...(Array.isArray(previous) ? previous : [])],
      'x-first-death-reason': before['x-first-death-reason'] ?? reason,
    });
    const message = { content: stored.message.content, properties: Object.assign({}, stored.message.properties, { headers }) };
    this.publish(dlx, typeof dlrk === 'string' ? dlrk : stored.routingKey, message);
  };

  close(): void {
    for (const queue of this.queues.values()) queue.purge();
    this.replyAddresses.clear();
  }
}
