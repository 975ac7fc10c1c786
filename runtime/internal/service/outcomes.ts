/**
 * What happens to a delivery after its handler ran: reply (queries), retry with delay, or
 * dead-letter with the reason. A handler's permanent failure (`ctx.fail`) skips the retries and
 * may name a business dead-letter queue; a query's refusal (`ctx.refuse`) is a typed answer.
 * Each settlement returns its Outcome for telemetry. Moving a message is a confirmed publish that
 * happens BEFORE the original is acknowledged, so a crash in between duplicates a message but never loses one.
 */
import { createHash } from 'node:crypto';
import { buildMessage } from '../encode.js';
import { text } from '../decode.js';
import { HEADERS, type Envelope } from '../envelope.js';
import { errorText, isCatwireError, PermanentFailure, QueryRefusal } from '../errors.js';
import { BROKER_HEADERS, headerSize, MAX_HEADER_BYTES } from '../header-check.js';
import type { Logger } from '../log.js';
import type { Outcome } from '../telemetry.js';
import type { Delivery, Wire, WireMessage } from '../wire.js';
import type { PlannedMessage, ServicePlan } from './plan.js';

export type DeadLetterReason = 'invalid-payload' | 'unparseable' | 'oversized' | 'unknown-message' | 'handler-failed' | 'permanent-failure';

export interface OutcomeDeps {
  readonly plan: ServicePlan;
  readonly wire: Wire;
  readonly logger: Logger;
  /** The service's failed moves so far, by message id (see `moveThenAck`). */
  readonly moveFailures: MoveFailures;
}

/**
 * How many times a message's move may fail before the delivery is rejected instead of requeued,
 * and the wait before each requeue (ms). A copy no queue takes (`unroutable`: the target queue is
 * gone) will not be taken on the next try either; any other failure is the broker's trouble, and a
 * quorum queue electing a new leader after a node loss takes seconds.
 */
const MOVE_RETRIES = {
  unroutable: { attempts: 2, backoffMs: [1_000] },
  other: { attempts: 5, backoffMs: [250, 1_000, 2_000, 4_000] },
} as const;

/**
 * Failed moves per message (its id, else its bytes) in this service process, the oldest forgotten beyond a bound. The
 * broker's `redelivered` flag cannot count them: after a connection loss every unacknowledged
 * delivery comes back redelivered, and one failed move on the new connection (a quorum queue
 * still electing its leader) would then dead-letter a message that had never failed before.
 */
export class MoveFailures {
  private readonly counts = new Map<string, number>();

  constructor(private readonly bound = 10_000) {}

  /** Records a failure; returns how many this message has had. */
  record(messageId: string): number {
    const n = (this.counts.get(messageId) ?? 0) + 1;
    this.counts.delete(messageId);
    this.counts.set(messageId, n);
    if (this.counts.size > this.bound) this.counts.delete(this.counts.keys().next().value as string);
    return n;
  }

  forget(messageId: string): void {
    this.counts.delete(messageId);
  }
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
 * Settles a delivery after moving it. If the move fails the delivery goes back to its queue after
 * a wait (MOVE_RETRIES); when its failures run out it is rejected instead, and the broker's own
 * dead-lettering (the main queue's `x-dead-letter-*`) takes it: a move that can never succeed
 * does not loop.
 */
async function moveThenAck(deps: OutcomeDeps, delivery: Delivery, queue: string, message: WireMessage, label: string, moved: Outcome): Promise<Outcome> {
  // The same message on every delivery: its sender's id, else its bytes (an id the runtime
  // assigned is new on each delivery, so it cannot count the failures of a message without one).
  const sent = delivery.properties.messageId;
  const id = typeof sent === 'string' && sent !== '' ? sent : `sha256:${createHash('sha256').update(delivery.content).digest('hex')}`;
  try {
    await deps.wire.publish('', queue, message, { mandatory: true, label });
    deps.moveFailures.forget(`unroutable ${id}`);
    deps.moveFailures.forget(`other ${id}`);
    delivery.ack();
    return moved;
  } catch (err) {
    // Counted per kind: a move cut off by a lost connection, then one the broker returned while a
    // quorum queue elected its leader, is not yet "no queue takes it" twice (which dead-lettered
    // good commands in the cluster test retry-quorum).
    const kind = isCatwireError(err, 'unroutable') ? 'unroutable' : 'other';
    const failures = deps.moveFailures.record(`${kind} ${id}`);
    deps.logger.error('move-failed', { queue, type: label, messageId: message.id, redelivered: delivery.redelivered, failures, error: err });
    const error = `moving to ${queue} failed: ${errorText(err)}`;
    const policy = MOVE_RETRIES[kind];
    if (failures >= policy.attempts) {
      deps.moveFailures.forget(`${kind} ${id}`);
      delivery.reject();
      return { kind: 'reject', error };
    }
    await new Promise((resolve) => setTimeout(resolve, policy.backoffMs[failures - 1] ?? 1_000));
    delivery.requeue();
    return { kind: 'requeue', error };
  }
}

export async function deadLetter(
  deps: OutcomeDeps,
  delivery: Delivery,
  envelope: Envelope,
  reason: DeadLetterReason,
  error: string,
  attempts: number,
  business?: { readonly name: string; readonly queue: string },
): Promise<Outcome> {
  const { plan } = deps;
  const label = `${envelope.type}@${envelope.version}`;
  if (delivery.properties.replyTo) await reply(deps, delivery, envelope, { error: `${reason}: ${error}` });
  if (plan.deadLetterQueue === undefined) throw new Error(`service ${plan.service} has no dead-letter queue`);
  const queue = business?.queue ?? plan.deadLetterQueue;
  const headers = forwardedHeaders(delivery, {
    [HEADERS.deadLetterReason]: reason,
    [HEADERS.error]: error.slice(0, maxErrorLength),
    [HEADERS.attempt]: attempts,
    ...origin(delivery),
    [HEADERS.originalQueue]: plan.queue ?? '',
    [HEADERS.deadLetteredAt]: new Date().toISOString(),
    ...(business ? { [HEADERS.businessDeadLetter]: business.name } : {}),
  });
  // Logged once the copy is confirmed, so the log names where the message is (or says move-failed).
  const outcome = await moveThenAck(deps, delivery, queue, copyOf(delivery, envelope, headers), label, { kind: 'dead-letter', reason, error });
  if (outcome.kind === 'dead-letter') {
    deps.logger.warn('message-dead-lettered', { service: plan.service, type: label, messageId: envelope.messageId, reason, error, queue });
  }
  return outcome;
}

/**
 * A handler threw: a query answers (typed refusal or failure), a permanent failure of an event or
 * command is dead-lettered at once, anything else is retried.
 */
export async function handlerFailed(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, m: PlannedMessage, attempt: number, err: unknown): Promise<Outcome> {
  if (m.kind === 'query') return answerFailure(deps, delivery, envelope, m, err);
  if (err instanceof PermanentFailure || err instanceof QueryRefusal) return failPermanently(deps, delivery, envelope, attempt, err);
  return retryOrDeadLetter(deps, delivery, envelope, m, attempt, err);
}

function refusalText(r: QueryRefusal): string {
  return r.message ? `${r.reason}: ${r.message}` : r.reason;
}

function failPermanently(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, attempt: number, err: PermanentFailure | QueryRefusal): Promise<Outcome> {
  const { plan } = deps;
  let error = err instanceof QueryRefusal ? `refused with ${refusalText(err)} (only a query can answer with a refusal)` : err.message;
  const name = err instanceof PermanentFailure ? err.deadLetter : undefined;
  const queue = name === undefined ? undefined : plan.businessDeadLetters.get(name);
  // A name the contract does not declare (untyped code) must not lose the message: the service's own DLQ takes it.
  if (name !== undefined && queue === undefined) error += ` (business dead letter ${JSON.stringify(name)} is not declared for ${plan.service}, so it went to the service's dead-letter queue)`;
  return deadLetter(deps, delivery, envelope, 'permanent-failure', error, attempt + 1, name !== undefined && queue !== undefined ? { name, queue } : undefined);
}

/** A requester is waiting: answer with the refusal or the error instead of retrying behind its back. */
async function answerFailure(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, m: PlannedMessage, err: unknown): Promise<Outcome> {
  let error: string;
  if (err instanceof QueryRefusal && m.errors.has(err.reason)) {
    deps.logger.debug('query-refused', { service: deps.plan.service, type: m.label, messageId: envelope.messageId, reason: err.reason });
    await reply(deps, delivery, envelope, { refusal: err });
    error = `refused with ${refusalText(err)}`;
  } else {
    error = err instanceof QueryRefusal ? `refused with ${JSON.stringify(err.reason)}, an error ${m.label} does not declare${err.message ? `: ${err.message}` : ''}` : errorText(err);
    deps.logger.warn('query-failed', { service: deps.plan.service, type: m.label, messageId: envelope.messageId, error: err });
    await reply(deps, delivery, envelope, { error });
  }
  delivery.ack();
  return { kind: 'ack', error };
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

/** The details of a refusal as JSON, or nothing when they cannot be written as JSON (cycles, BigInt). */
function jsonDetails(deps: OutcomeDeps, r: QueryRefusal): unknown {
  if (r.details === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(r.details) ?? 'null') as unknown;
  } catch (err) {
    deps.logger.warn('refusal-details-dropped', { service: deps.plan.service, reason: r.reason, error: err });
    return undefined;
  }
}

type ReplyResult = { body: unknown } | { error: string } | { refusal: QueryRefusal };

/** What a reply carries: the response, or an error body and headers (docs/runtime.md, "Asking a catwire service a query"). */
function replyContent(deps: OutcomeDeps, result: ReplyResult): { body: unknown; headers?: Record<string, string> } {
  if ('body' in result) return { body: result.body };
  if ('error' in result) return { body: { error: result.error }, headers: { [HEADERS.replyError]: result.error.slice(0, maxErrorLength) } };
  const r = result.refusal;
  const error = refusalText(r);
  const details = jsonDetails(deps, r);
  return {
    body: { error, refused: r.reason, message: r.message, ...(details === undefined ? {} : { details }) },
    headers: { [HEADERS.replyError]: error.slice(0, maxErrorLength), [HEADERS.replyRefused]: r.reason },
  };
}

/** Sends a query's response (or its error) to the requester's reply address. */
export async function reply(deps: OutcomeDeps, delivery: Delivery, envelope: Envelope, result: ReplyResult): Promise<void> {
  const replyTo = delivery.properties.replyTo;
  if (!replyTo) return;
  const { body, headers } = replyContent(deps, result);
  const message = buildMessage(
    {
      service: deps.plan.service,
      type: `${envelope.type}.reply`,
      version: envelope.version,
      body,
      correlationId: envelope.correlationId,
      causationId: envelope.messageId,
      traceparent: envelope.traceparent,
      headers,
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
