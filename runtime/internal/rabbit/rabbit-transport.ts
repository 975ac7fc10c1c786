/**
 * The RabbitMQ transport: one connection (noDelay, reconnecting), one confirm channel for
 * publishing, one for queries (direct reply-to), one channel per consumer. Topologies and
 * consumers are remembered and re-established, in that order, on every reconnect, which may be
 * to another node of a cluster when several URLs are given.
 */
import type { ChannelModel } from 'amqplib';
import type { Decoded } from '../decode.js';
import { ConnectionError } from '../errors.js';
import { createJsonLogger, type Logger } from '../log.js';
import { makeTransport, type NamingOptions, type Transport } from '../transport.js';
import type { ConsumerHandle, Delivery, PublishOptions, TopologyDeclaration, Wire, WireMessage } from '../wire.js';
import { RabbitConnection, type ReconnectOptions } from './connection.js';
import { RabbitConsumer } from './consumer.js';
import { Publisher } from './publisher.js';
import { Requester } from './rpc.js';

export interface RabbitTransportOptions extends NamingOptions {
  /**
   * `amqp://user:password@host:5672/vhost`, or several such URLs separated by commas (the nodes
   * of a cluster; a comma inside a password is written `%2C`). Logged and reported with the
   * password redacted.
   */
  readonly url?: string | undefined;
  /** The nodes of a cluster, tried in this order; used instead of `url` when both are given. */
  readonly urls?: readonly string[] | undefined;
  /** Overrides the vhost of the URL. */
  readonly vhost?: string | undefined;
  /** How long a publish may wait for a connection and its confirm (default 30,000 ms). */
  readonly publishTimeoutMs?: number | undefined;
  /** How long the first connection may take, retries included (default 10,000 ms). */
  readonly connectTimeoutMs?: number | undefined;
  readonly reconnect?: ReconnectOptions | undefined;
  readonly heartbeatSeconds?: number | undefined;
  /** Shown in the broker's connection list (default `catwire`). */
  readonly connectionName?: string | undefined;
  /**
   * Cork the socket while amqplib writes out its queued frames, so they leave in one `writev`
   * (default true). It patches amqplib internals, only on the tested amqplib minor version
   * (amqplib-cork-patch.ts); false leaves amqplib as it is.
   */
  readonly corkWrites?: boolean | undefined;
}

async function declareTopology(model: ChannelModel, topology: TopologyDeclaration): Promise<void> {
  const ch = await model.createChannel();
  ch.on('error', () => {}); // a refused declaration rejects the pending call below; that is where it is reported
  try {
    for (const e of topology.exchanges) await ch.assertExchange(e.name, e.type, { durable: e.durable });
    for (const q of topology.queues) await ch.assertQueue(q.name, { durable: q.durable, arguments: q.arguments });
    for (const b of topology.bindings) await ch.bindQueue(b.queue, b.exchange, b.routingKey);
  } finally {
    await ch.close().catch(() => {});
  }
}

class RabbitWire implements Wire {
  readonly kind = 'rabbitmq' as const;
  private readonly topologies: TopologyDeclaration[] = [];
  private readonly consumers = new Set<RabbitConsumer>();
  private readonly publisher: Publisher;
  private readonly requester: Requester;

  constructor(
    readonly conn: RabbitConnection,
    private readonly logger: Logger,
    private readonly connectTimeoutMs: number,
    publishTimeoutMs: number,
  ) {
    this.publisher = new Publisher(conn, publishTimeoutMs);
    this.requester = new Requester(conn, publishTimeoutMs);
    conn.setOpenHook(async (model) => {
      for (const topology of this.topologies) await declareTopology(model, topology);
      for (const consumer of this.consumers) await consumer.attach(model);
    });
  }

  private async model(): Promise<ChannelModel> {
    const model = await this.conn.whenOpen(Date.now() + this.connectTimeoutMs);
    if (typeof model === 'string') throw new Error(`no connection to ${this.conn.redacted} (${model})`);
    return model;
  }

  async declare(topology: TopologyDeclaration): Promise<void> {
    await declareTopology(await this.model(), topology);
    this.topologies.push(topology);
  }

  async remove(topology: TopologyDeclaration): Promise<void> {
    const same = JSON.stringify(topology);
    this.topologies.splice(0, this.topologies.length, ...this.topologies.filter((t) => JSON.stringify(t) !== same));
    const ch = await (await this.model()).createChannel();
    ch.on('error', () => {}); // a refused deletion rejects the pending call below
    try {
      for (const q of topology.queues) await ch.deleteQueue(q.name);
      for (const e of topology.exchanges) await ch.deleteExchange(e.name);
    } finally {
      await ch.close().catch(() => {});
    }
  }

  publish(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions): Promise<void> {
    return this.publisher.publish(exchange, routingKey, message, options);
  }

  async consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): Promise<ConsumerHandle> {
    const consumer = new RabbitConsumer(queue, prefetch, onDelivery, this.logger, (c) => this.consumers.delete(c));
    // Registered first, so that a reconnect during attach() resumes it too.
    this.consumers.add(consumer);
    try {
      await consumer.attach(await this.model());
    } catch (err) {
      if (this.conn.current === undefined) return consumer; // connection lost meanwhile: the reconnect attaches it
      this.consumers.delete(consumer);
      throw err;
    }
    return consumer;
  }

  request(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions & { timeoutMs: number }): Promise<Decoded> {
    return this.requester.request(exchange, routingKey, message, options);
  }

  async close(): Promise<void> {
    await this.publisher.idle(5_000); // let confirms of messages already sent arrive
    await this.conn.close();
  }
}

/** The URLs of `urls`, else those of the comma-separated `url`. */
export function brokerUrls(options: { readonly url?: string | undefined; readonly urls?: readonly string[] | undefined }): string[] {
  const given = options.urls ?? (options.url ?? '').split(',');
  return given.map((u) => u.trim()).filter((u) => u !== '');
}

function withVhost(url: string, vhost: string | undefined): string {
  if (vhost === undefined) return url;
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(vhost)}`;
  return parsed.toString();
}

/** Connects (retrying within `connectTimeoutMs`) and resolves once the first connection is open. */
export async function createRabbitTransport(options: RabbitTransportOptions): Promise<Transport> {
  const logger = options.logger ?? createJsonLogger();
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const urls = brokerUrls(options);
  if (urls.length === 0) throw new ConnectionError('', 'no broker URL given: pass url (one URL, or several separated by commas) or urls');
  const conn = new RabbitConnection({
    urls: urls.map((url) => withVhost(url, options.vhost)),
    logger,
    connectTimeoutMs,
    reconnect: options.reconnect ?? {},
    heartbeatSeconds: options.heartbeatSeconds,
    connectionName: options.connectionName ?? 'catwire',
    corkWrites: options.corkWrites ?? true,
  });
  await conn.start();
  const wire = new RabbitWire(conn, logger, connectTimeoutMs, options.publishTimeoutMs ?? 30_000);
  return makeTransport(wire, conn.redacted, options, logger);
}
