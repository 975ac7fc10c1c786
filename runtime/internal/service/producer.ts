/**
 * Builds a service's producer: one method per sent message that validates the payload, wraps it
 * in the envelope and publishes it (confirmed). Queries go through direct reply-to and resolve
 * with the validated response. A producer bound to a lineage (the message being handled) passes
 * its correlation id, causation id and trace on.
 */
import { text, type Decoded } from '../decode.js';
import { createEncoder, type Encoder } from '../encode.js';
import { HEADERS, type EnvelopeMode, type Lineage } from '../envelope.js';
import { QueryRefusedError, RequestError, ValidationError } from '../errors.js';
import { endSending, type SendTelemetry, type Sending, type Telemetry } from '../telemetry.js';
import { assertValid } from '../validation.js';
import type { Wire, WireMessage } from '../wire.js';
import type { PlannedMessage, ServicePlan } from './plan.js';
import type { AnyProducer, RequestOptions } from './types.js';
import { assertCurrentMajor, bridgeEncoders, dualPublisher, type PlannedBridge } from './versions.js';

export interface ProducerDeps {
  readonly plan: ServicePlan;
  readonly wire: Wire;
  readonly requestTimeoutMs: number;
  /** One encoder per sent message, made once per service (a producer is made per handled message). */
  readonly encoders: ReadonlyMap<string, Encoder>;
  /** Producer-span instruments per sent message; undefined when telemetry is off. */
  readonly telemetry: ReadonlyMap<string, SendTelemetry> | undefined;
  /** Older majors of sent events, published beside the current one (versions.ts). */
  readonly bridgeEncoders: ReadonlyMap<PlannedBridge, Encoder>;
}

export function producerDeps(plan: ServicePlan, wire: Wire, mode: EnvelopeMode, requestTimeoutMs: number, telemetry?: Telemetry): ProducerDeps {
  const encoders = new Map<string, Encoder>();
  for (const [key, m] of plan.sends) encoders.set(key, createEncoder({ service: plan.service, type: m.id, version: m.version }, mode));
  let instruments: Map<string, SendTelemetry> | undefined;
  if (telemetry !== undefined) {
    instruments = new Map();
    for (const [key, m] of plan.sends) instruments.set(key, telemetry.sender(m));
  }
  return { plan, wire, requestTimeoutMs, encoders, telemetry: instruments, bridgeEncoders: bridgeEncoders(plan, mode) };
}

export function createProducer(deps: ProducerDeps, lineage?: Lineage): AnyProducer {
  const producer: AnyProducer = {};
  for (const [key, m] of deps.plan.sends) {
    producer[key] = m.kind === 'query' ? requester(deps, m, lineage) : sender(deps, m, lineage);
    if (m.kind === 'event' && m.bridges.length > 0) producer[key] = dualPublisher(deps, m, lineage);
  }
  return Object.freeze(producer);
}

const noOptions: RequestOptions = {};

function envelopeFor(deps: ProducerDeps, m: PlannedMessage, payload: unknown, options: RequestOptions, lineage?: Lineage, sending?: Sending): WireMessage {
  assertValid(m.validate, payload, m.label);
  const encode = deps.encoders.get(m.key) as Encoder;
  const correlationId = options.correlationId ?? lineage?.correlationId;
  const message = encode({
    body: payload,
    messageId: options.messageId,
    correlationId,
    causationId: options.causationId ?? lineage?.causationId,
    traceparent: options.traceparent ?? lineage?.traceparent,
    ownTraceparent: sending?.traceparent,
    tracestate: lineage?.tracestate,
    headers: options.headers,
  });
  sending?.encoded(message, correlationId);
  return message;
}

/** The producer span of one message, started before encoding: the message carries its context. */
function startSending(deps: ProducerDeps, m: PlannedMessage, options: RequestOptions, lineage?: Lineage): Sending | undefined {
  return deps.telemetry?.get(m.key)?.start(options.traceparent ?? lineage?.traceparent, lineage?.tracestate);
}

// Not `async`: this runs once per message, and every extra promise layer is measurable.
function sender(deps: ProducerDeps, m: PlannedMessage, lineage?: Lineage) {
  const publishOptions = { mandatory: m.kind === 'command', label: m.label };
  return (payload: unknown, options: RequestOptions = noOptions): Promise<void> => {
    let message: WireMessage;
    const sending = deps.telemetry && startSending(deps, m, options, lineage);
    try {
      if (options.version !== undefined) assertCurrentMajor(m, options.version); // a record of another major: refused
      message = envelopeFor(deps, m, payload, options, lineage, sending);
    } catch (err) {
      sending?.end(err);
      return Promise.reject(err);
    }
    const published = deps.wire.publish(m.exchange, m.routingKey, message, publishOptions);
    // Uninstrumented, the promise goes back as it is: no extra layer per message.
    return endSending(published, sending);
  };
}

function requester(deps: ProducerDeps, m: PlannedMessage, lineage?: Lineage) {
  return async (payload: unknown, options: RequestOptions = noOptions): Promise<unknown> => {
    const sending = startSending(deps, m, options, lineage);
    try {
      if (options.version !== undefined) assertCurrentMajor(m, options.version);
      const message = envelopeFor(deps, m, payload, options, lineage, sending);
      const timeoutMs = options.timeoutMs ?? deps.requestTimeoutMs;
      const reply = await deps.wire.request(m.exchange, m.routingKey, message, { mandatory: true, label: m.label, timeoutMs });
      const response = decodeReply(m, reply);
      sending?.end();
      return response;
    } catch (err) {
      sending?.end(err);
      throw err;
    }
  };
}

/** A refusal's message and details, from the reply body (`{ error, refused, message, details }`). */
function refusalOf(reply: Decoded): { message: string; details: unknown } {
  const body = reply.payload;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { message: '', details: undefined };
  const { message, details } = body as { message?: unknown; details?: unknown };
  return { message: typeof message === 'string' ? message : '', details };
}

function decodeReply(m: PlannedMessage, reply: Decoded): unknown {
  const refused = text(reply.envelope.headers[HEADERS.replyRefused]);
  // Only an error this side's contract declares is typed; any other stays a `request-failed`.
  if (refused !== undefined && m.errors.has(refused)) {
    const { message, details } = refusalOf(reply);
    throw new QueryRefusedError(m.label, refused, message, details, reply.envelope.source);
  }
  const remote = text(reply.envelope.headers[HEADERS.replyError]);
  if (remote !== undefined) {
    const from = reply.envelope.source || 'the receiving service';
    throw new RequestError('request-failed', `query ${m.label} failed in ${from}: ${remote}`, m.label, remote);
  }
  if (reply.error !== undefined) throw new ValidationError('invalid-response', m.label, [{ path: '', message: reply.error }]);
  assertValid(m.validateResponse, reply.payload, m.label, 'invalid-response');
  return reply.payload;
}
