/**
 * A queue consumer that survives reconnects: `attach` runs on every new connection (own channel,
 * prefetch, manual ack). Deliveries of a lost channel are redelivered by the broker, so their
 * late acks are dropped instead of being sent on the wrong channel.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { errorText } from '../errors.js';
import type { Logger } from '../log.js';
import type { ConsumerHandle, Delivery, WireProperties } from '../wire.js';
import { AckBatcher, type AckEntry } from './acks.js';

interface Attachment {
  readonly ch: Channel;
  readonly acks: AckBatcher;
  consumerTag: string | undefined;
}

/** One delivery; a class rather than a literal with closures, because it is created per message. */
class RabbitDelivery implements Delivery {
  readonly content: Buffer;
  readonly properties: WireProperties;
  readonly exchange: string;
  readonly routingKey: string;
  readonly redelivered: boolean;
  private readonly entry: AckEntry;

  constructor(
    msg: ConsumeMessage,
    private readonly acks: AckBatcher,
  ) {
    this.content = msg.content;
    this.properties = msg.properties as WireProperties; // amqplib's decoded properties, same field names
    this.exchange = msg.fields.exchange;
    this.routingKey = msg.fields.routingKey;
    this.redelivered = msg.fields.redelivered;
    this.entry = acks.track(msg);
  }

  ack(): void {
    this.acks.ack(this.entry);
  }

  requeue(): void {
    this.acks.requeue(this.entry);
  }

  reject(): void {
    this.acks.reject(this.entry);
  }
}

export class RabbitConsumer implements ConsumerHandle {
  private current: Attachment | undefined;
  private cancelled = false;

  constructor(
    private readonly queue: string,
    private readonly prefetch: number,
    private readonly onDelivery: (delivery: Delivery) => void,
    private readonly logger: Logger,
    private readonly onCancelled: (consumer: RabbitConsumer) => void,
  ) {}

  async attach(model: ChannelModel): Promise<void> {
    if (this.cancelled) return;
    const ch = await model.createChannel();
    // At most half the window waits for the next flush, so the broker never starves us.
    const acks = new AckBatcher(ch, Math.max(1, Math.floor(this.prefetch / 2)));
    const attachment: Attachment = { ch, acks, consumerTag: undefined };
    ch.on('error', (err: Error) => this.logger.warn('consumer-channel-error', { queue: this.queue, error: errorText(err) }));
    ch.on('close', () => {
      acks.discard();
      if (this.current === attachment) this.current = undefined;
    });
    await ch.prefetch(this.prefetch);
    this.current = attachment;
    const reply = await ch.consume(this.queue, (msg) => this.deliver(attachment, msg), { noAck: false });
    attachment.consumerTag = reply.consumerTag;
  }

  private deliver(attachment: Attachment, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled us (queue deleted); resumes with the next connection's re-declare.
      this.logger.warn('consumer-cancelled-by-broker', { queue: this.queue });
      return;
    }
    this.onDelivery(new RabbitDelivery(msg, attachment.acks));
  }

  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancelled(this);
    const a = this.current;
    if (a?.consumerTag !== undefined) await a.ch.cancel(a.consumerTag).catch(() => {});
  }

  async close(): Promise<void> {
    await this.cancel();
    const a = this.current;
    if (!a) return;
    a.acks.flush();
    this.current = undefined;
    await a.ch.close().catch(() => {});
  }
}
