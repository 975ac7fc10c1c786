/**
 * Queries over RabbitMQ direct reply-to: requests are published on a confirm channel that also
 * consumes the pseudo-queue `amq.rabbitmq.reply-to` (no reply queue to declare or clean up).
 * A reply is matched by its causation id, which the replying service sets to the request's id.
 * Replies go to the channel that sent the request, so losing that channel interrupts the query.
 * @see https://www.rabbitmq.com/docs/direct-reply-to
 */
import type { ConsumeMessage } from 'amqplib';
import { decodeMessage, type Decoded } from '../decode.js';
import { RequestError } from '../errors.js';
import type { PublishOptions, WireMessage } from '../wire.js';
import type { RabbitConnection } from './connection.js';
import { Publisher, type Lane } from './publisher.js';

const REPLY_TO = 'amq.rabbitmq.reply-to';

interface Waiting {
  resolve(reply: Decoded): void;
  reject(err: RequestError): void;
  lane: Lane | undefined;
  readonly label: string;
}

export class Requester {
  private readonly waiting = new Map<string, Waiting>();
  private readonly publisher: Publisher;

  constructor(conn: RabbitConnection, publishTimeoutMs: number) {
    this.publisher = new Publisher(conn, publishTimeoutMs, async (lane) => {
      await lane.ch.consume(REPLY_TO, (msg) => this.onReply(msg), { noAck: true });
      lane.onClose.add(() => this.interrupt(lane));
    });
  }

  async request(exchange: string, routingKey: string, message: WireMessage, options: PublishOptions & { timeoutMs: number }): Promise<Decoded> {
    const id = String(message.id);
    let timer: NodeJS.Timeout | undefined;
    const waiting: Partial<Waiting> = { lane: undefined, label: options.label };
    const reply = new Promise<Decoded>((resolve, reject) => {
      Object.assign(waiting, { resolve, reject });
      timer = setTimeout(() => {
        reject(new RequestError('request-timeout', `no reply to ${options.label} within ${options.timeoutMs} ms (request ${id})`, options.label));
      }, options.timeoutMs);
    });
    this.waiting.set(id, waiting as Waiting);
    try {
      // Object.assign, not a spread, for the reason in encode.ts.
      const properties = Object.assign({}, message.properties, { replyTo: REPLY_TO });
      const sent = this.publisher.publishOn(exchange, routingKey, { ...message, properties }, options);
      // The reply may arrive before the confirm; whichever settles first wins. Both rejections are
      // observed (through the race or `await reply`), so the extra catches only silence duplicates.
      const replied = reply.then(() => undefined);
      replied.catch(() => {});
      sent.catch(() => {});
      const lane = await Promise.race([sent, replied]);
      if (lane) {
        waiting.lane = lane;
        if (lane.closed) this.interrupt(lane);
      }
      return await reply;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }

  private onReply(msg: ConsumeMessage | null): void {
    if (!msg) return;
    const decoded = decodeMessage({ content: msg.content, properties: msg.properties });
    const id = decoded.envelope.causationId;
    if (id !== undefined) this.waiting.get(id)?.resolve(decoded);
  }

  private interrupt(lane: Lane): void {
    for (const [id, waiting] of this.waiting) {
      if (waiting.lane !== lane) continue;
      waiting.reject(new RequestError('request-interrupted', `the connection carrying ${waiting.label} (request ${id}) was lost before its reply`, waiting.label));
    }
  }
}
