/**
 * Starting the fixture services on a transport, and watching a service's dead-letter queue
 * through the transport's own wire (works for both transports).
 */
import type { Transport } from '../../../runtime/index.js';
import { decodeMessage } from '../../../runtime/internal/decode.js';
import type { Envelope } from '../../../runtime/internal/envelope.js';
import { internals } from '../../../runtime/internal/transport.js';
import type { ConsumerHandle } from '../../../runtime/internal/wire.js';

export interface Observed {
  readonly body: unknown;
  readonly envelope: Envelope;
  readonly headers: Readonly<Record<string, unknown>>;
}

/** Collects every message arriving on `queue` (a resolved name, e.g. `orders.dlq`), acking each; `body` is the payload. */
export async function watchQueue(transport: Transport, queue: string): Promise<{ messages: Observed[]; stop(): Promise<void> }> {
  const messages: Observed[] = [];
  const handle: ConsumerHandle = await transport[internals].wire.consume(queue, 100, (d) => {
    const { envelope, payload, error } = decodeMessage(d);
    messages.push({ body: error === undefined ? payload : d.content.toString('utf8'), envelope, headers: envelope.headers });
    d.ack();
  });
  return { messages, stop: () => handle.close() };
}
