/**
 * What happens to a delivery after its handler ran: reply (queries), retry with delay, or
 * dead-letter with the reason. Moving a message is a confirmed publish that happens BEFORE the
 * original is acknowledged, so a crash in between duplicates a message but never loses one.
 */
import { buildMessage } from '../encode.js';
import { text } from '../decode.js';
import { HEADERS, type Envelope } from '../envelope.js';
import { errorText } from '../errors.js';
import { BROKER_HEADERS, headerSize, MAX_HEADER_BYTES } from '../header-check.js';
import type { Logger } from '../log.js';
import type { Outcome } from '../telemetry.js';
import type { Delivery, Wire, WireMessage } from '../wire.js';
import type { PlannedMessage, ServicePlan } from './plan.js';

export type DeadLetterReason = 'invalid-payload' | 'unparseable' | 'oversized' | 'unknown-message' | 'handler-failed';

export interface OutcomeDeps {
  readonly plan: ServicePlan;
  readonly wire: Wire;
  readonly logger: Logger;
}

const maxErrorLength = 1000;
/** Room for headers of earlier hops (attempt, last error, origin: ~1.2 KiB at most). */
const hopAllowance = 4 * 1024;

function forwardedHeaders(delivery: Delivery, extra: Record<string, unknown>): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  // An accepted table is copied whole; a refused oversized one is cut to what an accepted one may
  // hold, so the copy still fits one frame and its move cannot fail for its size.
  let budget = MAX_HEADER_BYTES + hopAllowance;
  let dropped = 0;
  for (const [name, value] of Object.entries(delivery.properties.headers ?? {})) {
    // The broker's dead-lettering headers describe the previous hop, not this one; `extra`
    // replaces the runtime's own.
    if (BROKER_HEADERS.test(name) || Object.hasOwn(extra, name)) continue;
    const size = headerSize(name, value);
    if (size > budget) dropped++;
    else {
      budget -= size;
      headers[name] = value;
    }
  }
  if (dropped > 0) headers[HEADERS.droppedHeaders] = dropped;
  return Object.assign(headers, extra);
}

/** Where the message first arrived from; a retried delivery comes back via the default exchange. */
function origin(delivery: Delivery): Record<string, unknown> {
  const h = delivery.properties.headers ?? {};
  return {
    [HEADERS.originalExchange]: h[HEADERS.originalExchange] ?? delivery.exchange,
    [HEADERS.originalRoutingKey]: h[HEADERS.originalRoutingKey] ?? delivery.routingKey,
  };
}

function copyOf(delivery: Delivery, envelope: Envelope, headers: Record<string, unknown>): WireMessage {
  // Object.assign, not a spread, for the reason in encode.ts.
  const properties = Object.assign({}, delivery.properties, { headers });
  // An id the runtime assigned travels with the copy, so a retry or the DLQ shows the same id.
  if (envelope.assigned?.includes('messageId')) properties.messageId = envelope.messageId;
  return { content: delivery.content, properties, id: envelope.messageId };
}

/**
 * Settles a delivery after moving it. If the move fails the delivery goes back to its queue
 * once; failing again on the redelivery, it is rejected instead, and the broker's own
 * dead-lettering (the main queue's `x-dead-letter-*`) takes it: a move that can never succeed
 * does not loop.
 */
async function moveThenAck(deps: OutcomeDeps, delivery: Delivery, queue: string, message: WireMessage, label: string, moved: Outcome): Promise<Outcome> {
  try {
    await deps.wire.publish('', queue, message, { mandatory: true, label });
    delivery.ack();
    return moved;
  } catch (err) {
    deps.logger.error('move-failed', { queue, type: label, messageId: message.id, redelivered: delivery.redelivered, error: err });
    const error = `moving to ${queue} failed: ${errorText(err)}`;
    if (delivery.redelivered) delivery.reject();
    else delivery.requeue();
    return { kind: delivery.redelivered ? 'reject' : 'requeue', error };
  }
}

export async function deadLetter(
  deps: OutcomeDeps,
  delivery: Delivery,
  envelope: Envelope,
  reason: DeadLetterReason,
  error: string,
  attempts: number,
): Promise<Outcome> {
  const { plan } = deps;
  const label = `${envelope.type}@${envelope.version}`;
  if (delivery.properties.replyTo) await reply(deps, delivery, envelope, { error: `${reason}: ${error}` });
  if (plan.deadLetterQueue === undefined) throw new Error(`service ${plan.service} has no dead-letter queue`);
  const headers = forwardedHeaders(delivery, {
    [HEADERS.deadLetterReason]: reason,
    [HEADERS.error]: error.slice(0, maxErrorLength),
    [HEADERS.attempt]: attempts,
    ...origin(delivery),
    [HEADERS.originalQueue]: plan.queue ?? '',
    [HEADERS.deadLetteredAt]: new Date().toISOString(),
  });
  deps.logger.warn('message-dead-lettered', { service: plan.service, type: label, messageId: envelope.messageId, reason, error });
  return moveThenAck(deps, delivery, plan.deadLetterQueue, copyOf(delivery, envelope, headers), label, { kind: 'dead-letter', reason, error });
}

/** A failed event or command: to the retry queue of its next attempt, or to the DLQ when none is left. */
export async function retryOrDeadLetter(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, m: PlannedMessage, attempt: number, err: unknown): Promise<Outcome> {
  const error = errorText(err);
  const queue = deps.plan.retryQueues[attempt];
  if (queue === undefined) return deadLetter(deps, delivery, envelope, 'handler-failed', error, attempt + 1);
  const headers = forwardedHeaders(delivery, { ...origin(delivery), [HEADERS.attempt]: attempt + 1, [HEADERS.lastError]: error.slice(0, maxErrorLength) });
  deps.logger.warn('handler-failed', { service: deps.plan.service, type: m.label, messageId: envelope.messageId, attempt: attempt + 1, retryQueue: queue, error });
  return moveThenAck(deps, delivery, queue, copyOf(delivery, envelope, headers), m.label, { kind: 'retry', attempt: attempt + 1, error });
}

/** Sends a query's response (or its error) to the requester's reply address. */
export async function reply(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, result: { body: unknown } | { error: string }): Promise<void> {
  const replyTo = delivery.properties.replyTo;
  if (!replyTo) return;
  const isError = 'error' in result;
  const message = buildMessage(
    {
      service: deps.plan.service,
      type: `${envelope.type}.reply`,
      version: envelope.version,
      body: isError ? { error: result.error } : result.body,
      correlationId: envelope.correlationId,
      causationId: envelope.messageId,
      traceparent: envelope.traceparent,
      headers: isError ? { [HEADERS.replyError]: result.error.slice(0, maxErrorLength) } : undefined,
    },
    // A reply answers in the mode it was asked in, so a binary-mode client can read it.
    envelope.mode,
  );
  // Every mode: an RPC client matches replies by the AMQP correlation-id property it sent.
  message.properties.correlationId = text(delivery.properties.correlationId) || envelope.correlationId;
  try {
    // Not mandatory: a requester that gave up (timeout) is gone, and that is not an error here.
    await deps.wire.publish('', replyTo, message, { mandatory: false, label: `${envelope.type}@${envelope.version} reply` });
  } catch (err) {
    deps.logger.warn('reply-failed', { service: deps.plan.service, type: envelope.type, messageId: envelope.messageId, error: err });
  }
}
