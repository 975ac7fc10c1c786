/**
 * Builds a service's producer: one method per sent message that validates the payload, wraps it
 * in the envelope and publishes it (confirmed). Queries go through direct reply-to and resolve
 * with the validated response. A producer bound to a lineage (the message being handled) passes
 * its correlation id, causation id and trace on.
 */
import { text, type Decoded } from '../decode.js';
import { createEncoder, type Encoder } from '../encode.js';
import { HEADERS, type EnvelopeMode, type Lineage } from '../envelope.js';
import { RequestError, ValidationError } from '../errors.js';
import { assertValid } from '../validation.js';
import type { Wire, WireMessage } from '../wire.js';
import type { PlannedMessage, ServicePlan } from './plan.js';
import type { AnyProducer, RequestOptions } from './types.js';
import { bridgeEncoders, dualPublisher, type PlannedBridge } from './versions.js';

export interface ProducerDeps {
  readonly plan: ServicePlan;
  readonly wire: Wire;
  readonly requestTimeoutMs: number;
  /** One encoder per sent message, made once per service (a producer is made per handled message). */
  readonly encoders: ReadonlyMap<string, Encoder>;
  /** Older majors of sent events, published beside the current one (versions.ts). */
  readonly bridgeEncoders: ReadonlyMap<PlannedBridge, Encoder>;
}

export function producerDeps(plan: ServicePlan, wire: Wire, mode: EnvelopeMode, requestTimeoutMs: number): ProducerDeps {
  const encoders = new Map<string, Encoder>();
  for (const [key, m] of plan.sends) encoders.set(key, createEncoder({ service: plan.service, type: m.id, version: m.version }, mode));
  return { plan, wire, requestTimeoutMs, encoders, bridgeEncoders: bridgeEncoders(plan, mode) };
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

function envelopeFor(deps: ProducerDeps, m: PlannedMessage, payload: unknown, options: RequestOptions, lineage?: Lineage): WireMessage {
  assertValid(m.validate, payload, m.label);
  const encode = deps.encoders.get(m.key) as Encoder;
  return encode({
    body: payload,
    messageId: options.messageId,
    correlationId: options.correlationId ?? lineage?.correlationId,
    causationId: options.causationId ?? lineage?.causationId,
    traceparent: options.traceparent ?? lineage?.traceparent,
    tracestate: lineage?.tracestate,
    headers: options.headers,
  });
}

// Not `async`: this runs once per message, and every extra promise layer is measurable.
function sender(deps: ProducerDeps, m: PlannedMessage, lineage?: Lineage) {
  const publishOptions = { mandatory: m.kind === 'command', label: m.label };
  return (payload: unknown, options: RequestOptions = noOptions): Promise<void> => {
    let message: WireMessage;
    try {
      message = envelopeFor(deps, m, payload, options, lineage);
    } catch (err) {
      return Promise.reject(err);
    }
    return deps.wire.publish(m.exchange, m.routingKey, message, publishOptions);
  };
}

function requester(deps: ProducerDeps, m: PlannedMessage, lineage?: Lineage) {
  return async (payload: unknown, options: RequestOptions = noOptions): Promise<unknown> => {
    const message = envelopeFor(deps, m, payload, options, lineage);
    const timeoutMs = options.timeoutMs ?? deps.requestTimeoutMs;
    const reply = await deps.wire.request(m.exchange, m.routingKey, message, { mandatory: true, label: m.label, timeoutMs });
    return decodeReply(m, reply);
  };
}

function decodeReply(m: PlannedMessage, reply: Decoded): unknown {
  const remote = text(reply.envelope.headers[HEADERS.replyError]);
  if (remote !== undefined) {
    const from = reply.envelope.source || 'the receiving service';
    throw new RequestError('request-failed', `query ${m.label} failed in ${from}: ${remote}`, m.label, remote);
  }
  if (reply.error !== undefined) throw new ValidationError('invalid-response', m.label, [{ path: '', message: reply.error }]);
  assertValid(m.validateResponse, reply.payload, m.label, 'invalid-response');
  return reply.payload;
}
