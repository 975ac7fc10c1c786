/**
 * A lane: one confirm channel of the current connection, with what the publisher must know
 * about it — whether the broker closed it for an error, which mandatory messages came back
 * unroutable, and whether amqplib asked us to wait for 'drain'.
 */
import type { ChannelModel, ConfirmChannel } from 'amqplib';

export interface Lane {
  readonly ch: ConfirmChannel;
  readonly model: ChannelModel;
  closed: boolean;
  /** Set when the broker closed the channel because of an error (404, 406, ...). */
  error: Error | undefined;
  /** Message ids the broker returned as unroutable (the return always precedes the confirm). */
  readonly returned: Set<string>;
  drained: Promise<void> | undefined;
  readonly onClose: Set<() => void>;
}

export async function openLane(model: ChannelModel, onClosed: (lane: Lane) => void): Promise<Lane> {
  const ch = await model.createConfirmChannel();
  const lane: Lane = { ch, model, closed: false, error: undefined, returned: new Set(), drained: undefined, onClose: new Set() };
  ch.on('error', (err: Error) => (lane.error = err));
  ch.on('return', (msg: { properties: { messageId?: unknown } }) => lane.returned.add(String(msg.properties.messageId)));
  ch.on('close', () => {
    lane.closed = true;
    onClosed(lane);
    for (const listener of lane.onClose) listener();
  });
  return lane;
}

/** amqplib buffers beyond its high-water mark and says so; writers wait for 'drain' (or the close). */
export function backpressure(lane: Lane): void {
  if (lane.drained) return;
  lane.drained = new Promise<void>((resolve) => {
    const release = () => {
      lane.drained = undefined;
      lane.onClose.delete(release);
      resolve();
    };
    lane.ch.once('drain', release);
    lane.onClose.add(release);
  });
}
