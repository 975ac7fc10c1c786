/**
 * One in-memory queue with the RabbitMQ behaviour the runtime relies on: round-robin delivery to
 * consumers bounded by their prefetch, manual ack, requeue (flagged `redelivered`), per-queue
 * message TTL, dead-lettering through `x-dead-letter-exchange`/`-routing-key`, and quorum's
 * `x-delivery-limit`.
 */
import type { Delivery, WireMessage } from '../wire.js';

export interface Stored {
  readonly message: WireMessage;
  readonly exchange: string;
  readonly routingKey: string;
  redelivered: boolean;
  deliveries: number;
  timer?: NodeJS.Timeout | undefined;
}

export type DeadLetterHook = (queue: MemoryQueue, stored: Stored, reason: 'expired' | 'rejected' | 'delivery_limit') => void;

export class MemoryConsumer {
  readonly outstanding = new Set<Stored>();
  cancelled = false;
  constructor(
    readonly prefetch: number,
    readonly onDelivery: (delivery: Delivery) => void,
  ) {}
  get hasCapacity(): boolean {
    return !this.cancelled && this.outstanding.size < this.prefetch;
  }
}

export class MemoryQueue {
  private readonly ready: Stored[] = [];
  private readonly consumers: MemoryConsumer[] = [];
  private next = 0;
  private pumping = false;

  constructor(
    readonly name: string,
    readonly args: Readonly<Record<string, unknown>>,
    private readonly deadLetter: DeadLetterHook,
  ) {}

  get depth(): number {
    return this.ready.length;
  }

  enqueue(stored: Stored): void {
    const ttl = this.args['x-message-ttl'];
    if (typeof ttl === 'number') {
      stored.timer = setTimeout(() => this.expire(stored), ttl);
      stored.timer.unref();
    }
    this.ready.push(stored);
    this.schedule();
  }

  addConsumer(consumer: MemoryConsumer): void {
    this.consumers.push(consumer);
    this.schedule();
  }

  removeConsumer(consumer: MemoryConsumer): void {
    consumer.cancelled = true;
    this.consumers.splice(this.consumers.indexOf(consumer), 1);
  }

  /** Returns a delivery to the head of the queue, or dead-letters it past the delivery limit. */
  requeue(stored: Stored): void {
    const limit = this.args['x-delivery-limit'];
    if (typeof limit === 'number' && stored.deliveries > limit) return this.deadLetter(this, stored, 'delivery_limit');
    stored.redelivered = true;
    this.ready.unshift(stored);
    this.schedule();
  }

  purge(): void {
    for (const stored of this.ready.splice(0)) clearTimeout(stored.timer);
  }

  private expire(stored: Stored): void {
    const index = this.ready.indexOf(stored);
    if (index < 0) return;
    this.ready.splice(index, 1);
    this.deadLetter(this, stored, 'expired');
  }

  // Deliveries are asynchronous, as they are over a socket: handlers never run inside publish().
  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.ready.length > 0) {
      const consumer = this.pickConsumer();
      if (!consumer) return;
      const stored = this.ready.shift() as Stored;
      clearTimeout(stored.timer);
      stored.deliveries += 1;
      consumer.outstanding.add(stored);
      consumer.onDelivery(this.deliveryOf(consumer, stored));
    }
  }

  private pickConsumer(): MemoryConsumer | undefined {
    for (let i = 0; i < this.consumers.length; i++) {
      const consumer = this.consumers[(this.next + i) % this.consumers.length];
      if (consumer?.hasCapacity) {
        this.next = (this.next + i + 1) % this.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  private deliveryOf(consumer: MemoryConsumer, stored: Stored): Delivery {
    const settle = (then: () => void) => {
      if (!consumer.outstanding.delete(stored)) return; // already settled, or requeued by close()
      then();
      this.schedule();
    };
    return {
      content: stored.message.content,
      properties: stored.message.properties,
      exchange: stored.exchange,
      routingKey: stored.routingKey,
      redelivered: stored.redelivered,
      ack: () => settle(() => {}),
      requeue: () => settle(() => this.requeue(stored)),
      reject: () => settle(() => this.deadLetter(this, stored, 'rejected')),
    };
  }
}
