/**
 * Reading a received message in either CloudEvents content mode. The mode is decided by the
 * content-type, as the binding prescribes: `application/cloudevents+json` is structured (one
 * JSON document, payload under `data`), anything else is binary (payload is the body, envelope
 * in AMQP properties and `cloudEvents_`/`cloudEvents:` headers — both separators are read).
 */
import { EXTENSIONS, HEADERS, type Envelope } from './envelope.js';
import { errorText } from './errors.js';
import type { WireMessage } from './wire.js';

export interface Decoded {
  readonly envelope: Envelope;
  /** The payload; undefined when `error` is set. */
  readonly payload: unknown;
  /** Why the body could not be read (not JSON, not a CloudEvent). */
  readonly error: string | undefined;
  /** W3C tracestate to pass on, if the sender gave one. */
  readonly tracestate: string | undefined;
}

/** Header values arrive as strings, Buffers (long strings) or numbers depending on the sender. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

const noHeaders: Readonly<Record<string, unknown>> = Object.freeze({});

export function isStructured(contentType: unknown): boolean {
  return typeof contentType === 'string' && contentType.startsWith('application/cloudevents+json');
}

export function decodeMessage(message: WireMessage): Decoded {
  return isStructured(message.properties.contentType) ? structured(message) : binary(message);
}

function structured(message: WireMessage): Decoded {
  const headers = message.properties.headers ?? noHeaders;
  let event: Record<string, unknown> = {};
  let error: string | undefined;
  try {
    const parsed: unknown = JSON.parse(message.content.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) error = 'body is not a CloudEvent (not a JSON object)';
    else event = parsed as Record<string, unknown>;
  } catch (err) {
    error = `body is not JSON: ${errorText(err)}`;
  }
  const messageId = text(event['id']) ?? '';
  const time = text(event['time']);
  return {
    envelope: {
      messageId,
      type: text(event['type']) ?? '',
      version: text(event[EXTENSIONS.version]) ?? '',
      timestamp: new Date(time ?? 0),
      correlationId: text(event[EXTENSIONS.correlationId]) ?? messageId,
      causationId: text(event[EXTENSIONS.causationId]),
      source: text(event['source']) ?? '',
      traceparent: text(event[EXTENSIONS.traceparent]),
      mode: 'structured',
      headers,
    },
    payload: event['data'],
    error,
    tracestate: text(event[EXTENSIONS.tracestate]),
  };
}

/** A CloudEvents attribute under either separator the binding allows. */
function ce(headers: Readonly<Record<string, unknown>>, attribute: string): string | undefined {
  return text(headers[`cloudEvents_${attribute}`]) ?? text(headers[`cloudEvents:${attribute}`]);
}

function binary(message: WireMessage): Decoded {
  const p = message.properties;
  const h = p.headers ?? noHeaders;
  const messageId = text(p.messageId) ?? ce(h, 'id') ?? '';
  const time = ce(h, 'time');
  let payload: unknown;
  let error: string | undefined;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch (err) {
    error = `body is not JSON: ${errorText(err)}`;
  }
  return {
    envelope: {
      messageId,
      type: text(p.type) ?? ce(h, 'type') ?? '',
      version: text(h[HEADERS.version]) ?? '',
      timestamp: time !== undefined ? new Date(time) : new Date(typeof p.timestamp === 'number' ? p.timestamp * 1000 : 0),
      correlationId: text(p.correlationId) ?? text(h[HEADERS.correlationId]) ?? messageId,
      causationId: text(h[HEADERS.causationId]),
      source: text(p.appId) ?? ce(h, 'source') ?? '',
      traceparent: text(h[HEADERS.traceparent]),
      mode: 'binary',
      headers: h,
    },
    payload,
    error,
    tracestate: text(h[HEADERS.tracestate]),
  };
}
