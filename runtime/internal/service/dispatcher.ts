/**
 * Handles each delivery of a service's queue: find the handler by message type and major
 * version, parse and validate the payload, skip duplicates (idempotency), run the handler, then
 * reply, retry or dead-letter, and acknowledge. Tracks in-flight handlers for graceful stop.
 */
import type { ServiceContract } from '../../contract.js';
import { decodeMessage, text, type Decoded } from '../decode.js';
import { HEADERS, lineageOf, type Envelope, type Lineage } from '../envelope.js';
import { errorText, PermanentFailure, QueryRefusal, ValidationError } from '../errors.js';
import { idempotencyKey, type IdempotencyStore } from '../idempotency.js';
import type { Outcome, Processing, Telemetry } from '../telemetry.js';
import type { Delivery } from '../wire.js';
import { deadLetter, handlerFailed, reply, retryOrDeadLetter, type OutcomeDeps } from './outcomes.js';
import { createIdentifier } from './identify.js';
import type { PlannedMessage } from './plan.js';
import type { AnyHandler, AnyProducer, DeliveryInfo, FailOptions, HandlerContext, Producer } from './types.js';
import { downcastReply, isBridged, upcast } from './versions.js';

export interface DispatcherDeps extends OutcomeDeps {
  readonly handlers: Readonly<Record<string, AnyHandler>>;
  /** `ServiceOptions.deps`, handed to every handler as `ctx.deps`. */
  readonly handlerDeps: unknown;
  readonly idempotency: IdempotencyStore | undefined;
  readonly producerFor: (lineage: Lineage) => AnyProducer;
  /** Bodies longer than this are dead-lettered unparsed (`oversized`). */
  readonly maxBodyBytes: number;
  /** Undefined when telemetry is off: the dispatcher then makes no span and records nothing. */
  readonly telemetry: Telemetry | undefined;
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

// Shared by every context: what a handler throws to fail for good or to refuse a query (outcomes.ts).
const fail = (reason: string, options?: FailOptions) => new PermanentFailure(reason, options);
const refuse = (reason: string, message?: string, details?: unknown) => new QueryRefusal(reason, message, details);
// Shared: the common outcomes are reported once per message and need no fields of their own.
const acked: Outcome = Object.freeze({ kind: 'ack' });
const duplicate: Outcome = Object.freeze({ kind: 'duplicate' });

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

  // Not `async`: without telemetry a delivery costs no promise layer more than its settlement.
  function handle(delivery: Delivery): Promise<unknown> {
    try {
      const decoded = decodeMessage(delivery, limits);
      if (deps.telemetry === undefined) return settle(delivery, decoded, undefined);
      return observed(delivery, decoded, deps.telemetry);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Settles inside a process span that ends with the outcome. */
  async function observed(delivery: Delivery, decoded: Decoded, telemetry: Telemetry): Promise<void> {
    const to = publishedTo(delivery);
    const processing = telemetry.process(delivery, decoded.envelope, to.exchange, to.routingKey);
    try {
      processing.end(await settle(delivery, decoded, processing));
    } catch (err) {
      // onDelivery requeues what fails here.
      processing.end({ kind: 'requeue', error: errorText(err) });
      throw err;
    }
  }

  /** Everything from a decoded delivery to its settlement; says how it was settled. */
  async function settle(delivery: Delivery, decoded: Decoded, processing: Processing | undefined): Promise<Outcome> {
    const { payload, error, tracestate } = decoded;
    const attempt = attemptOf(decoded.envelope);
    if (error !== undefined) return deadLetter(deps, delivery, decoded.envelope, decoded.oversized ? 'oversized' : 'unparseable', error, attempt);
    const identified = identify(decoded.envelope, () => publishedTo(delivery));
    if ('problem' in identified) return deadLetter(deps, delivery, decoded.envelope, 'unknown-message', identified.problem, attempt);
    const { message: m, envelope } = identified;
    processing?.identified(m.label);
    const issues = m.validate(payload);
    if (issues) return deadLetter(deps, delivery, envelope, 'invalid-payload', new ValidationError('invalid-payload', m.label, issues).message, attempt);
    // An older major (versions.ts): the one handler sees the current type.
    const cast = isBridged(m) ? upcast(m, payload) : undefined;
    if (cast && 'failed' in cast) return retryOrDeadLetter(deps, delivery, envelope, m, attempt, cast.failed);
    if (cast && 'invalid' in cast) return deadLetter(deps, delivery, envelope, 'invalid-payload', cast.invalid, attempt);
    const handled = cast ? cast.payload : payload;

    // An id the runtime assigned is new on every delivery: there is nothing to deduplicate on.
    const key = deps.idempotency && m.kind !== 'query' && !envelope.assigned?.includes('messageId') ? idempotencyKey(deps.plan.service, envelope.messageId) : undefined;
    if (key === undefined) return run(delivery, envelope, tracestate, m, handled, attempt, undefined, processing);
    // Copies of one message id run one after the other, so the second sees the first one's record.
    const previous = runningKeys.get(key) ?? Promise.resolve();
    const work = previous.then(async (): Promise<Outcome> => {
      if (await deps.idempotency?.has(key)) {
        delivery.ack();
        return duplicate;
      }
      return run(delivery, envelope, tracestate, m, handled, attempt, key, processing);
    });
    const settled = work.then(
      () => {},
      () => {},
    );
    runningKeys.set(key, settled);
    try {
      return await work;
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
    processing: Processing | undefined,
  ): Promise<Outcome> {
    const handler = deps.handlers[m.key] as AnyHandler;
    let producer: AnyProducer | undefined;
    const ctx: HandlerContext<ServiceContract, unknown> = {
      envelope,
      deps: deps.handlerDeps,
      attempt,
      redelivered: delivery.redelivered,
      delivery: publishedTo(delivery),
      get producer() {
        if (producer === undefined) {
          const lineage = lineageOf(envelope, tracestate);
          producer = deps.producerFor(processing ? processing.lineage(lineage) : lineage);
        }
        return producer as Producer<ServiceContract>;
      },
      fail,
      refuse,
    };
    let result: unknown;
    try {
      result = await (processing ? processing.run(() => handler(payload, ctx)) : handler(payload, ctx));
    } catch (err) {
      return handlerFailed(deps, delivery, envelope, m, attempt, err);
    }
    if (m.kind === 'query') {
      if (isBridged(m)) {
        try {
          result = downcastReply(m, result);
        } catch (err) {
          // A throwing reply caster is the handler's failure: the old caller gets the error.
          return handlerFailed(deps, delivery, envelope, m, attempt, err);
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
    return acked;
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
