/**
 * Handles each delivery of a service's queue: find the handler by message type and major
 * version, parse and validate the payload, skip duplicates (idempotency), run the handler, then
 * reply, retry or dead-letter, and acknowledge. Tracks in-flight handlers for graceful stop.
 */
import type { ServiceContract } from '../../contract.js';
import { decodeMessage, text } from '../decode.js';
import { HEADERS, lineageOf, type Envelope, type Lineage } from '../envelope.js';
import { errorText, ValidationError } from '../errors.js';
import { idempotencyKey, type IdempotencyStore } from '../idempotency.js';
import type { Delivery } from '../wire.js';
import { deadLetter, reply, retryOrDeadLetter, type OutcomeDeps } from './outcomes.js';
import { createIdentifier } from './identify.js';
import type { PlannedMessage } from './plan.js';
import { downcastReply, isBridged, upcast } from './versions.js';
import type { AnyHandler, AnyProducer, DeliveryInfo, HandlerContext, Producer } from './types.js';

export interface DispatcherDeps extends OutcomeDeps {
  readonly handlers: Readonly<Record<string, AnyHandler>>;
  readonly idempotency: IdempotencyStore | undefined;
  readonly producerFor: (lineage: Lineage) => AnyProducer;
  /** Bodies longer than this are dead-lettered unparsed (`oversized`). */
  readonly maxBodyBytes: number;
}

export interface Dispatcher {
  onDelivery(delivery: Delivery): void;
  /** Resolves when every handler started so far has finished. */
  idle(): Promise<void>;
  readonly inFlight: number;
}

/** A retry comes back through the default exchange; the headers keep where it was first published. */
function publishedTo(delivery: Delivery): DeliveryInfo {
  const h = delivery.properties.headers ?? {};
  return {
    exchange: text(h[HEADERS.originalExchange]) ?? delivery.exchange,
    routingKey: text(h[HEADERS.originalRoutingKey]) ?? delivery.routingKey,
  };
}

/** The retry count a delivery carries; a garbled or negative header counts as a first attempt. */
function attemptOf(envelope: Envelope): number {
  const n = Number(text(envelope.headers[HEADERS.attempt]) ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const identify = createIdentifier(deps.plan);
  const limits = { maxBodyBytes: deps.maxBodyBytes };
  // A counter, not a set of promises: this is bookkept once per message.
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  const finished = () => {
    if (--inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };
  // Two copies of one message in flight at once (a redelivery after a reconnect) run one after the other.
  const runningKeys = new Map<string, Promise<void>>();

  async function handle(delivery: Delivery): Promise<void> {
    const decoded = decodeMessage(delivery, limits);
    const { payload, error, tracestate } = decoded;
    const attempt = attemptOf(decoded.envelope);
    if (error !== undefined) return deadLetter(deps, delivery, decoded.envelope, decoded.oversized ? 'oversized' : 'unparseable', error, attempt);
    const identified = identify(decoded.envelope, () => publishedTo(delivery));
    if ('problem' in identified) return deadLetter(deps, delivery, decoded.envelope, 'unknown-message', identified.problem, attempt);
    const { message: m, envelope } = identified;
    const issues = m.validate(payload);
    if (issues) return deadLetter(deps, delivery, envelope, 'invalid-payload', new ValidationError('invalid-payload', m.label, issues).message, attempt);
    // An older major (versions.ts): the one handler sees the current type.
    const cast = isBridged(m) ? upcast(m, payload) : undefined;
    if (cast && 'failed' in cast) return retryOrDeadLetter(deps, delivery, envelope, m, attempt, cast.failed);
    if (cast && 'invalid' in cast) return deadLetter(deps, delivery, envelope, 'invalid-payload', cast.invalid, attempt);
    const handled = cast ? cast.payload : payload;

    // An id the runtime assigned is new on every delivery: there is nothing to deduplicate on.
    const key = deps.idempotency && m.kind !== 'query' && !envelope.assigned?.includes('messageId') ? idempotencyKey(deps.plan.service, envelope.messageId) : undefined;
    if (key === undefined) return run(delivery, envelope, tracestate, m, handled, attempt, undefined);
    // Copies of one message id run one after the other, so the second sees the first one's record.
    const previous = runningKeys.get(key) ?? Promise.resolve();
    const work = previous.then(async () => {
      if (await deps.idempotency?.has(key)) return delivery.ack();
      return run(delivery, envelope, tracestate, m, handled, attempt, key);
    });
    const settled = work.catch(() => {});
    runningKeys.set(key, settled);
    try {
      await work;
    } finally {
      if (runningKeys.get(key) === settled) runningKeys.delete(key);
    }
  }

  async function run(
    delivery: Delivery,
    envelope: Envelope,
    tracestate: string | undefined,
    m: PlannedMessage,
    payload: unknown,
    attempt: number,
    key: string | undefined,
  ): Promise<void> {
    const handler = deps.handlers[m.key] as AnyHandler;
    let producer: AnyProducer | undefined;
    const ctx: HandlerContext<ServiceContract> = {
      envelope,
      attempt,
      redelivered: delivery.redelivered,
      delivery: publishedTo(delivery),
      get producer() {
        return (producer ??= deps.producerFor(lineageOf(envelope, tracestate))) as Producer<ServiceContract>;
      },
    };
    let result: unknown;
    try {
      result = await handler(payload, ctx);
    } catch (err) {
      if (m.kind !== 'query') return retryOrDeadLetter(deps, delivery, envelope, m, attempt, err);
      // A requester is waiting: answer with the error instead of retrying behind its back.
      deps.logger.warn('query-failed', { service: deps.plan.service, type: m.label, messageId: envelope.messageId, error: err });
      await reply(deps, delivery, envelope, { error: errorText(err) });
      return delivery.ack();
    }
    if (m.kind === 'query') {
      if (isBridged(m)) {
        try {
          result = downcastReply(m, result);
        } catch (err) {
          await reply(deps, delivery, envelope, { error: errorText(err) });
          return delivery.ack();
        }
      }
      const issues = m.validateResponse(result);
      await reply(deps, delivery, envelope, issues ? { error: new ValidationError('invalid-response', m.label, issues).message } : { body: result });
    }
    if (key !== undefined) await remember(key);
    delivery.ack();
    // The trace of what happened: who handled what, sent by whom, in which flow.
    deps.logger.debug('message-handled', {
      service: deps.plan.service, type: m.label, source: envelope.source, messageId: envelope.messageId, correlationId: envelope.correlationId,
    });
  }

  async function remember(key: string): Promise<void> {
    try {
      await deps.idempotency?.add(key);
    } catch (err) {
      // The handler's work is done; failing to remember it only risks running it again.
      deps.logger.warn('idempotency-store-failed', { service: deps.plan.service, key, error: err });
    }
  }

  return {
    onDelivery(delivery) {
      inFlight++;
      handle(delivery).then(finished, (err: unknown) => {
        deps.logger.error('dispatch-failed', { service: deps.plan.service, error: err });
        delivery.requeue();
        finished();
      });
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    get inFlight() {
      return inFlight;
    },
  };
}
