/**
 * Reading a received message in either CloudEvents content mode. The mode is decided by the
 * content-type, as the binding prescribes: `application/cloudevents+json` is structured (one
 * JSON document, payload under `data`), anything else is binary (payload is the body, envelope
 * in AMQP properties and `cloudEvents_`/`cloudEvents:` headers — both separators are read).
 */
import { randomUUID } from 'node:crypto';
import { EXTENSIONS, HEADERS, type AssignedAttribute, type Envelope } from './envelope.js';
import { errorText } from './errors.js';
import { checkHeaders } from './header-check.js';
import type { WireMessage } from './wire.js';

export interface Decoded {
  readonly envelope: Envelope;
  /** The payload; undefined when `error` is set. */
  readonly payload: unknown;
  /** Why the message could not be read (too large, garbled headers, not JSON, not a CloudEvent). */
  readonly error: string | undefined;
  /** Body or headers were over their size limit; the body was not parsed. */
  readonly oversized: boolean;
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

/** Given for messages from a queue (anyone may have sent them); replies are read without. */
export interface DecodeLimits {
  /** Bodies longer than this are not parsed (`error` says so, `oversized` is set). */
  readonly maxBodyBytes: number;
}

export function decodeMessage(message: WireMessage, limits?: DecodeLimits): Decoded {
  const refused = limits && refusal(message, limits.maxBodyBytes);
  return isStructured(message.properties.contentType) ? structured(message, refused) : binary(message, refused);
}

interface Refusal {
  readonly text: string;
  readonly oversized: boolean;
}

/** Checked before anything reads the body: parsing 50 MB of JSON is the cost a limit prevents. */
function refusal(message: WireMessage, maxBodyBytes: number): Refusal | undefined {
  const size = message.content.length;
  if (size > maxBodyBytes) return { oversized: true, text: `body is ${size} bytes, over the limit of ${maxBodyBytes} bytes (maxBodyBytes)` };
  return checkHeaders(message.properties.headers);
}

/**
 * A message needs an id (deduplication, causation, logs): one without (a client that sets no
 * message-id) gets a new one, and the envelope lists it in `assigned`.
 */
const idAssigned: readonly AssignedAttribute[] = Object.freeze(['messageId'] as const);

/** A date from a header or attribute a foreign client may have garbled; invalid ones count as absent. */
function dateOf(value: string | undefined, fallbackMs: number): Date {
  const date = value === undefined ? undefined : new Date(value);
  return date !== undefined && !Number.isNaN(date.getTime()) ? date : new Date(fallbackMs);
}

function structured(message: WireMessage, refused: Refusal | undefined): Decoded {
  const p = message.properties;
  const headers = p.headers ?? noHeaders;
  let event: Record<string, unknown> = {};
  let error = refused?.text;
  if (refused === undefined) {
    try {
      const parsed: unknown = JSON.parse(message.content.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) error = 'body is not a CloudEvent (not a JSON object)';
      else event = parsed as Record<string, unknown>;
    } catch (err) {
      error = `body is not JSON: ${errorText(err)}`;
    }
  }
  // The AMQP message-id property stands in for a missing `id`: a moved (retried, dead-lettered)
  // copy of a message that came without one carries its assigned id there.
  const given = text(event['id']) || text(p.messageId);
  const messageId = given || randomUUID();
  const envelope = {
    messageId,
    type: text(event['type']) ?? '',
    version: text(event[EXTENSIONS.version]) ?? '',
    timestamp: dateOf(text(event['time']), 0),
    correlationId: text(event[EXTENSIONS.correlationId]) || messageId,
    causationId: text(event[EXTENSIONS.causationId]),
    source: text(event['source']) ?? '',
    traceparent: text(event[EXTENSIONS.traceparent]),
    mode: 'structured' as const,
    headers,
  };
  return {
    envelope: given ? envelope : Object.assign(envelope, { assigned: idAssigned }),
    payload: event['data'],
    error,
    oversized: refused?.oversized ?? false,
    tracestate: text(event[EXTENSIONS.tracestate]),
  };
}

/** A CloudEvents attribute under either separator the binding allows. */
function ce(headers: Readonly<Record<string, unknown>>, attribute: string): string | undefined {
  return text(headers[`cloudEvents_${attribute}`]) ?? text(headers[`cloudEvents:${attribute}`]);
}

function binary(message: WireMessage, refused: Refusal | undefined): Decoded {
  const p = message.properties;
  const h = p.headers ?? noHeaders;
  const given = text(p.messageId) || ce(h, 'id');
  const messageId = given || randomUUID();
  let payload: unknown;
  let error = refused?.text;
  if (refused === undefined) {
    try {
      payload = JSON.parse(message.content.toString('utf8'));
    } catch (err) {
      error = `body is not JSON: ${errorText(err)}`;
    }
  }
  const envelope = {
    messageId,
    type: text(p.type) ?? ce(h, 'type') ?? '',
    version: text(h[HEADERS.version]) ?? '',
    timestamp: dateOf(ce(h, 'time'), typeof p.timestamp === 'number' ? p.timestamp * 1000 : 0),
    correlationId: text(p.correlationId) || text(h[HEADERS.correlationId]) || messageId,
    causationId: text(h[HEADERS.causationId]),
    source: text(p.appId) ?? ce(h, 'source') ?? '',
    traceparent: text(h[HEADERS.traceparent]),
    mode: 'binary' as const,
    headers: h,
  };
  return {
    envelope: given ? envelope : Object.assign(envelope, { assigned: idAssigned }),
    payload,
    error,
    oversized: refused?.oversized ?? false,
    tracestate: text(h[HEADERS.tracestate]),
  };
}
