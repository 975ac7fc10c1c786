/**
 * Batched acknowledgements that stay safe: a delivery is acknowledged only after it was settled
 * (handled, retried or dead-lettered). Settled deliveries at the head of the window are acked
 * with ONE `multiple` ack up to the last of them; settled deliveries behind a still-running one
 * are acked one by one, so a slow handler never holds back the acks of fast ones.
 * A flush happens when half the prefetch window is settled, else 1 ms after the first
 * settlement: the broker gets ~50-100 acks per frame under load (each ack costs its queue
 * process), while the window never waits long enough to slow deliveries down.
 */
import type { Channel, Message } from 'amqplib';

const FLUSH_MS = 1;

export interface AckEntry {
  readonly msg: Message;
  settled: boolean;
}

export class AckBatcher {
  private window: AckEntry[] = [];
  private settledCount = 0;
  private scheduled = false;
  private dead = false;

  constructor(
    private readonly ch: Channel,
    private readonly batchSize: number,
  ) {}

  track(msg: Message): AckEntry {
    const entry = { msg, settled: false };
    this.window.push(entry);
    return entry;
  }

  ack(entry: AckEntry): void {
    if (entry.settled || this.dead) return;
    entry.settled = true;
    if (++this.settledCount >= this.batchSize) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), FLUSH_MS);
    }
  }

  /** Sends the delivery back to its queue (nack with requeue), immediately. */
  requeue(entry: AckEntry): void {
    if (entry.settled || this.dead) return;
    this.remove(entry);
    this.safely(() => this.ch.nack(entry.msg, false, true));
  }

  /** Rejects the delivery without requeue (the queue's dead-letter exchange takes it), immediately. */
  reject(entry: AckEntry): void {
    if (entry.settled || this.dead) return;
    this.remove(entry);
    this.safely(() => this.ch.nack(entry.msg, false, false));
  }

  flush(): void {
    this.scheduled = false;
    if (this.dead || this.settledCount === 0) return;
    let head = 0;
    while (head < this.window.length && this.window[head]?.settled) head++;
    const last = this.window[head - 1];
    if (last) this.safely(() => this.ch.ack(last.msg, true));
    const rest = this.window.slice(head);
    const stillPending = rest.filter((e) => !e.settled);
    if (stillPending.length !== rest.length) {
      for (const e of rest) if (e.settled) this.safely(() => this.ch.ack(e.msg, false));
    }
    this.window = stillPending;
    this.settledCount = 0;
  }

  /** The channel is gone: the broker requeued everything unacknowledged, so acks are moot. */
  discard(): void {
    this.dead = true;
    this.window = [];
  }

  private remove(entry: AckEntry): void {
    const index = this.window.indexOf(entry);
    if (index >= 0) this.window.splice(index, 1);
  }

  private safely(action: () => void): void {
    try {
      action();
    } catch {
      this.discard(); // IllegalOperationError: channel closed
    }
  }
}
