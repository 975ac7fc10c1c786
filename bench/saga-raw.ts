/**
 * The saga's message graph on raw amqplib, for `saga.vs_raw_choreography`: the same exchanges and
 * queues (the ones catwire's services declared, with their arguments, consumed after those
 * services stopped), persistent messages, one confirm channel for publishing, one channel per
 * consumer with manual acks and the service's prefetch, and queries confirmed and answered over
 * direct reply-to. Handlers
 * keep a count per order in memory and do no other work; a body is a JSON object padded to the
 * size catwire's message of that type had (so the broker moves the same bytes). One
 * order keeps one correlation id throughout (catwire's order system moves from the cart's flow
 * to the checkout's; the raw side has no reason to).
 *
 * The graph is not written down here: it is learnt from the catwire warm-up. The runtime logs
 * `message-handled` (receiver, type, sender, message id) once the handler has finished, which is
 * after what it sent may already have been handled elsewhere, so log order cannot say what
 * caused what. The causation id can: `tapCausation` reads it off every message the services
 * publish. A message's trigger is the message its causation id names, as handled by its sender;
 * one without (sent by the driver) is a root. Messages published but handled by no service here
 * are sent too.
 */
import amqp, { type Channel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { performance } from 'node:perf_hooks';
import type { ServiceContract, Transport } from '../runtime/index.js';
import { decodeMessage } from '../runtime/internal/decode.js';
import { planService } from '../runtime/internal/service/plan.js';
import { internals } from '../runtime/internal/transport.js';
import type { Wire, WireMessage } from '../runtime/internal/wire.js';

export interface Handled {
  readonly service: string;
  readonly type: string;
  readonly source: string;
  readonly messageId: string;
}

export interface Sent {
  readonly type: string;
  readonly source: string;
  readonly causationId: string | undefined;
}

/** What the services published while tapped. */
export interface CausationTap {
  /** Message id → what it was and what caused it, in publish order (query replies left out). */
  readonly sent: ReadonlyMap<string, Sent>;
  /** Body size in bytes by message type (`id@version`), the largest seen. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Stops recording (the wire keeps its wrapper; it only forwards from then on). */
  stop(): void;
}

/**
 * Wraps the transport's wire so each published message's causation id is recorded. It must be
 * called before any service starts on the transport (a service keeps the wire it started with).
 * Reaching into the runtime's internals is a bench's licence: nothing here changes what is sent.
 */
export function tapCausation(transport: Transport): CausationTap {
  const state = transport[internals] as { wire: Wire };
  const wire = state.wire;
  const sent = new Map<string, Sent>();
  const sizes = new Map<string, number>();
  let recording = true;
  const record = (exchange: string, message: WireMessage) => {
    if (!recording) return;
    const { envelope } = decodeMessage(message);
    const type = `${envelope.type}@${envelope.version}`;
    // A query's reply goes to the default exchange; the raw side's query handler sends its own.
    if (exchange !== '') sent.set(envelope.messageId, { type, source: envelope.source, causationId: envelope.causationId });
    sizes.set(type, Math.max(sizes.get(type) ?? 0, message.content.length));
  };
  state.wire = {
    kind: wire.kind,
    declare: (topology) => wire.declare(topology),
    remove: (topology) => wire.remove(topology),
    publish: (exchange, routingKey, message, options) => (record(exchange, message), wire.publish(exchange, routingKey, message, options)),
    consume: (queue, prefetch, onDelivery) => wire.consume(queue, prefetch, onDelivery),
    request: (exchange, routingKey, message, options) => (record(exchange, message), wire.request(exchange, routingKey, message, options)),
    close: () => wire.close(),
  };
  return {
    sent,
    sizes,
    stop: () => {
      recording = false;
    },
  };
}

/** What a service sends on handling a message type, in order. */
export interface Graph {
  /** The services that received anything: their queues are consumed. */
  readonly receivers: ReadonlySet<string>;
  /** `service type` → the types it sends then, in the order it published them. */
  readonly reactions: ReadonlyMap<string, readonly string[]>;
  /** Types sent with no cause: the driver's. */
  readonly roots: ReadonlySet<string>;
}

const at = (service: string, type: string) => `${service} ${type}`;

export function learnGraph(trace: readonly Handled[], published: ReadonlyMap<string, Sent>): Graph {
  /** `service messageId` → the type that service handled under that id. */
  const handledBy = new Map(trace.map((h) => [at(h.service, h.messageId), h.type]));
  const reactions = new Map<string, string[]>();
  const roots = new Set<string>();
  // In publish order. A message no service handles (an event nobody here subscribes to) is in
  // the graph too: catwire paid for publishing it, so the raw side publishes it as well.
  for (const sent of published.values()) {
    const trigger = sent.causationId === undefined ? undefined : handledBy.get(at(sent.source, sent.causationId));
    if (trigger === undefined) {
      roots.add(sent.type);
      continue;
    }
    const key = at(sent.source, trigger);
    const sends = reactions.get(key) ?? [];
    if (!sends.includes(sent.type)) sends.push(sent.type);
    reactions.set(key, sends);
  }
  return { receivers: new Set(trace.map((h) => h.service)), reactions, roots };
}

interface Route {
  readonly exchange: string;
  readonly routingKey: string;
  readonly query: boolean;
}

export interface RawChoreography {
  /** Sends a root message of the graph (as the driver) and resolves once confirmed. */
  send(type: string, correlationId: string): Promise<void>;
  /** Resolves when `service` has handled `type` under `correlationId`. */
  handled(service: string, typePrefix: string, correlationId: string): Promise<void>;
  /** Deliveries handled so far. */
  readonly deliveries: number;
  close(): Promise<void>;
}

export async function startRawChoreography(url: string, naming: { prefix: string; params: Record<string, string> }, contracts: readonly ServiceContract[], graph: Graph, sizes: ReadonlyMap<string, number>, driver: string): Promise<RawChoreography> {
  const plans = contracts.map((contract) => ({ contract, plan: planService(contract, naming) }));
  const routes = new Map<string, Route>();
  // The sender's exchange and routing key (a receiver's may be a binding pattern); a receiver's
  // only for a type no contract sends (the driver's, when it has no contract of its own).
  for (const { plan } of plans) for (const m of plan.sends.values()) routes.set(m.label, { exchange: m.exchange, routingKey: m.routingKey, query: m.kind === 'query' });
  for (const { plan } of plans) for (const m of plan.receives) if (!routes.has(m.label)) routes.set(m.label, { exchange: m.exchange, routingKey: m.routingKey, query: m.kind === 'query' });
  const route = (type: string) => {
    const found = routes.get(type);
    if (!found) throw new Error(`no route for ${type}`);
    return found;
  };
  const connection = await amqp.connect(url, { noDelay: true } as Parameters<typeof amqp.connect>[1]);
  // A refused operation closes its channel and rejects the pending call; the event is not the report.
  connection.on('error', () => undefined);
  const publisher: ConfirmChannel = await connection.createConfirmChannel();
  // Queries as catwire sends them: on a confirm channel that also consumes the direct replies.
  const requester: ConfirmChannel = await connection.createConfirmChannel();
  const replies = new Map<string, () => void>();
  await requester.consume('amq.rabbitmq.reply-to', (msg) => {
    if (msg) replies.get(String(msg.properties.correlationId))?.();
  }, { noAck: true });
  let sequence = 0;
  const body = (type: string, correlationId: string) => {
    const text = JSON.stringify({ type, correlationId, at: performance.now(), pad: '' });
    return Buffer.from(text.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, (sizes.get(type) ?? 0) - text.length))}"`));
  };
  const publish = (type: string, correlationId: string, source: string) =>
    new Promise<void>((resolve, reject) => {
      const r = route(type);
      publisher.publish(r.exchange, r.routingKey, body(type, correlationId), { persistent: true, type, correlationId, appId: source, contentType: 'application/json' }, (err) => (err ? reject(err) : resolve()));
    });
  /** Resolves once the request is confirmed and its reply is in, whichever comes last. */
  const request = (type: string, correlationId: string, source: string) => {
    const r = route(type);
    const id = `${correlationId}:${sequence++}`;
    const replied = new Promise<void>((resolve) => replies.set(id, () => (replies.delete(id), resolve())));
    const confirmed = new Promise<void>((resolve, reject) => {
      requester.publish(r.exchange, r.routingKey, body(type, correlationId), { persistent: true, type, correlationId: id, appId: source, replyTo: 'amq.rabbitmq.reply-to' }, (err) => (err ? reject(err) : resolve()));
    });
    return Promise.all([confirmed, replied]).then(() => undefined);
  };

  /** In-memory state of the handlers: what each service handled per correlation id. */
  const seen = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  let deliveries = 0;
  const consumers: Channel[] = [];
  for (const { contract, plan } of plans) {
    if (!plan.queue || !graph.receivers.has(contract.service.id)) continue;
    const service = contract.service.id;
    const ch = await connection.createChannel();
    await ch.prefetch(contract.prefetch);
    consumers.push(ch);
    await ch.consume(plan.queue, (msg: ConsumeMessage | null) => {
      if (!msg) return;
      void (async () => {
        const type = String(msg.properties.type);
        const query = msg.properties.replyTo !== undefined;
        // A query's correlation id is the request's; the order's is in the body.
        const correlationId = query ? (JSON.parse(msg.content.toString()) as { correlationId: string }).correlationId : String(msg.properties.correlationId);
        const key = `${service} ${correlationId}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        for (const next of graph.reactions.get(at(service, type)) ?? []) {
          if (route(next).query) await request(next, correlationId, service);
          else await publish(next, correlationId, service);
        }
        if (query) ch.sendToQueue(String(msg.properties.replyTo), Buffer.from('{}'), { correlationId: msg.properties.correlationId });
        ch.ack(msg);
        deliveries++;
        waiting.get(`${service} ${type} ${correlationId}`)?.();
      })();
    });
  }
  return {
    send: (type, correlationId) => publish(type, correlationId, driver),
    handled: (service, type, correlationId) => new Promise<void>((resolve) => waiting.set(`${service} ${type} ${correlationId}`, () => (waiting.delete(`${service} ${type} ${correlationId}`), resolve()))),
    get deliveries() {
      return deliveries;
    },
    async close() {
      for (const ch of consumers) await ch.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
