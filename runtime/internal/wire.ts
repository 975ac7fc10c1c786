/**
 * The seam between the service layer (validation, envelope, dispatch, retry, dead-lettering —
 * written once) and a transport (RabbitMQ or in-memory), which only moves bytes with AMQP 0-9-1
 * semantics: declare, confirmed publish, consume with ack, direct reply-to.
 */

/** AMQP basic properties the runtime sets and reads. `timestamp` is in seconds, as AMQP defines it. */
import type { Decoded } from './decode.js';

export interface WireProperties {
  messageId?: string | undefined;
  type?: string | undefined;
  timestamp?: number | undefined;
  correlationId?: string | undefined;
  appId?: string | undefined;
  contentType?: string | undefined;
  replyTo?: string | undefined;
  headers?: Record<string, unknown> | undefined;
  /** AMQP delivery mode 2. Everything the runtime sends is persistent; set by the encoder. */
  persistent?: boolean | undefined;
}

export interface WireMessage {
  readonly content: Buffer;
  readonly properties: WireProperties;
  /** The message id, when the runtime knows it (every message it built or moves). */
  readonly id?: string | undefined;
}

export interface Delivery extends WireMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly redelivered: boolean;
  /** Settles the delivery. Transports may batch acknowledgements; they never ack unsettled deliveries. */
  ack(): void;
  /** Returns the delivery to its queue; used only when it could not be moved to a retry or dead-letter queue. */
  requeue(): void;
  /** Rejects without requeue: the queue's own dead-lettering takes it (a move failed twice). */
  reject(): void;
}

export interface ExchangeDeclaration {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
}

export interface QueueDeclaration {
  readonly name: string;
  readonly durable: boolean;
  /** `x-*` queue arguments (type, TTL, dead-lettering, delivery limit). */
  readonly arguments: Readonly<Record<string, unknown>>;
}

export interface BindingDeclaration {
  readonly exchange: string;
  readonly queue: string;
  readonly routingKey: string;
}

export interface TopologyDeclaration {
  readonly exchanges: readonly ExchangeDeclaration[];
  readonly queues: readonly QueueDeclaration[];
  readonly bindings: readonly BindingDeclaration[];
}

export interface PublishOptions {
  /** Fail with `unroutable` when no queue receives the message (commands and queries). */
  readonly mandatory: boolean;
  /** Human-readable message type for errors, e.g. `place-order@1.0.0`. */
  readonly label: string;
}

export interface ConsumerHandle {
  /** Stops new deliveries (and stops resuming after a reconnect). */
  cancel(): Promise<void>;
  /** Sends outstanding acknowledgements and releases the consumer's channel. */
  close(): Promise<void>;
}

export interface Wire {
  readonly kind: 'rabbitmq' | 'memory';
  /** Asserts the topology now and again after every reconnect. */
  declare(topology: TopologyDeclaration): Promise<void>;
  /** Deletes the topology's queues (with their messages) and exchanges, and forgets it for reconnects. */
  remove(topology: TopologyDeclaration): Promise<void>;
  /** Resolves once the broker confirmed the message (persistent, publisher confirms). */
  publish(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions): Promise<void>;
  consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): Promise<ConsumerHandle>;
  /**
   * Publishes with a reply address (direct reply-to) and resolves with the first reply whose
   * causation header names this message's id.
   */
  request(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions & { timeoutMs: number }): Promise<Decoded>;
  close(): Promise<void>;
}
