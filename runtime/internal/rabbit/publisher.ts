/**
 * Confirmed publishing on one confirm channel per connection (a "lane"). A publish resolves
 * only when the broker confirmed it. If the connection drops before the confirm, the message is
 * published again (same message id) on the next connection — at-least-once, never a silent drop —
 * until the publish deadline, after which it fails with `publish-timeout`.
 * The common case (lane open, no backpressure) takes no `await` before handing the frame to
 * amqplib: this path runs once per message.
 */
import type { ChannelModel, Options } from 'amqplib';
import { errorText, PublishError } from '../errors.js';
import type { PublishOptions, WireMessage } from '../wire.js';
import type { RabbitConnection } from './connection.js';
import { backpressure, openLane, type Lane } from './lane.js';

export type { Lane } from './lane.js';

interface Pending {
  readonly deadline: number;
  readonly fail: (err: PublishError) => void;
  readonly label: string;
  readonly target: { readonly exchange: string; readonly routingKey: string };
}

type Target = Pending['target'];

export class Publisher {
  private lane: Lane | undefined;
  private opening: Promise<Lane> | undefined;
  private readonly pending = new Set<Pending>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: RabbitConnection,
    private readonly timeoutMs: number,
    private readonly setup: (lane: Lane) => Promise<void> = async () => {},
  ) {}

  /** Resolves once the broker confirmed the message. */
  publish(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    const target = { exchange, routingKey };
    return new Promise<void>((resolve, reject) => {
      const lane = this.lane;
      // One promise per message on the fast path: confirmed → resolve, lost → the slow path.
      if (lane && !lane.closed && !lane.drained) {
        this.send(lane, message, options, target, deadline, resolve, reject, () => void this.retry(message, options, target, deadline).then(() => resolve(), reject));
      } else void this.retry(message, options, target, deadline).then(() => resolve(), reject);
    });
  }

  /** Resolves with the lane whose channel confirmed the message (queries need to know it). */
  publishOn(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions): Promise<Lane> {
    return this.retry(message, options, { exchange, routingKey }, Date.now() + this.timeoutMs);
  }

  private async retry(message: WireMessage, options: PublishOptions, target: Target, deadline: number): Promise<Lane> {
    for (;;) {
      const lane = await this.laneUntil(deadline, options.label, target);
      if (lane.drained) await lane.drained;
      const confirmed = await this.attempt(lane, message, options, target, deadline);
      if (confirmed) return confirmed;
    }
  }

  /** Resolves once nothing is waiting for a confirm, or after `boundMs`. */
  async idle(boundMs: number): Promise<void> {
    const until = Date.now() + boundMs;
    while (this.pending.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private async laneUntil(deadline: number, label: string, target: Target): Promise<Lane> {
    for (;;) {
      if (this.lane && !this.lane.closed) return this.lane;
      const model = await this.conn.whenOpen(deadline);
      if (model === 'closed') throw new PublishError('transport-closed', `cannot publish ${label}: the transport is closed`, target);
      if (model === 'timeout') {
        throw new PublishError('publish-timeout', `${label} was not published within ${this.timeoutMs} ms: no connection to ${this.conn.redacted}`, target);
      }
      try {
        this.opening ??= this.open(model).finally(() => (this.opening = undefined));
        return await this.opening;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50)); // the connection is going away; wait for the next one
      }
    }
  }

  private async open(model: ChannelModel): Promise<Lane> {
    const lane = await openLane(model, (closed) => {
      if (this.lane === closed) this.lane = undefined;
    });
    await this.setup(lane);
    this.lane = lane;
    return lane;
  }

  /** The lane once confirmed; undefined when the connection went away first (publish again). */
  private attempt(lane: Lane, message: WireMessage, options: PublishOptions, target: Target, deadline: number): Promise<Lane | undefined> {
    return new Promise<Lane | undefined>((resolve, reject) => {
      this.send(lane, message, options, target, deadline, () => resolve(lane), reject, () => resolve(undefined));
    });
  }

  /** Hands one message to amqplib and calls exactly one of the three continuations. */
  private send(
    lane: Lane,
    message: WireMessage,
    options: PublishOptions,
    target: Target,
    deadline: number,
    confirmed: () => void,
    failed: (err: PublishError) => void,
    lost: () => void,
  ): void {
    const { exchange, routingKey } = target;
    // A returned message is recognised by its id, so mandatory publishes always carry one.
    const id = options.mandatory ? (message.id ?? String(message.properties.messageId)) : undefined;
    const entry: Pending = { deadline, label: options.label, fail: failed, target };
    this.track(entry);
    // The encoder's properties are used as they are unless they need completing (one object less
    // per message); completed with Object.assign, not a spread, for the reason in encode.ts.
    const p = message.properties;
    const props: Options.Publish =
      id !== undefined ? Object.assign({}, p, { persistent: true, mandatory: true, messageId: id }) : p.persistent ? p : Object.assign({}, p, { persistent: true });
    try {
      // (An inline callback: it is created once per message.)
      const ok = lane.ch.publish(exchange, routingKey, message.content, props, (err: unknown) => {
        if (!this.pending.delete(entry)) return; // already failed by the deadline sweeper
        const returned = id !== undefined && lane.returned.delete(id);
        if (err === null || err === undefined) {
          if (!returned) confirmed();
          else failed(new PublishError('unroutable', `${options.label} reached no queue: nothing is bound to ${exchange || 'the default exchange'} with routing key ${routingKey}`, target));
        } else if (lane.error) {
          failed(new PublishError('publish-rejected', `publish of ${options.label} to ${exchange || 'the default exchange'} was rejected: ${errorText(lane.error)}`, target));
        } else if (errorText(err) === 'message nacked') {
          failed(new PublishError('publish-rejected', `the broker nacked ${options.label} (published to ${exchange || 'the default exchange'})`, target));
        } else lost(); // channel closed with the connection: publish again after reconnecting
      });
      if (!ok) backpressure(lane);
    } catch {
      this.pending.delete(entry);
      lost(); // the channel closed under us (IllegalOperationError)
    }
  }

  private track(entry: Pending): void {
    this.pending.add(entry);
    this.sweeper ??= setInterval(() => this.sweep(), 100);
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.deadline > now) continue;
      this.pending.delete(entry);
      entry.fail(new PublishError('publish-timeout', `${entry.label} was not confirmed within ${this.timeoutMs} ms by ${this.conn.redacted}`, entry.target));
    }
    if (this.pending.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
