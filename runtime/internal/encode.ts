/**
 * Writing the envelope. An encoder is made once per sent message type (its service, type and
 * version never change) and then runs once per message, so everything constant is prepared up
 * front: in structured mode the fixed attributes are already serialised JSON.
 */
import { randomUUID } from 'node:crypto';
import { CONTENT_TYPE, EXTENSIONS, HEADERS, STRUCTURED_CONTENT_TYPE, type EnvelopeMode, type Lineage } from './envelope.js';
import { nextTraceparent } from './trace.js';
import type { WireMessage, WireProperties } from './wire.js';

export interface MessageMeta {
  readonly service: string;
  readonly type: string;
  readonly version: string;
}

export interface EncodeFields extends Lineage {
  readonly body: unknown;
  readonly messageId?: string | undefined;
  /**
   * The message's own traceparent when a tracer made one (the id of its producer span);
   * otherwise a new span id under `traceparent` is drawn here.
   */
  readonly ownTraceparent?: string | undefined;
  /** Extra AMQP headers (binary mode, or catwire's reply-error header). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export type Encoder = (fields: EncodeFields) => WireMessage;

let lastMs = 0;
let lastIso = '';

/** ISO time, formatted once per millisecond: bursts of publishes share it. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

export function createEncoder(meta: MessageMeta, mode: EnvelopeMode): Encoder {
  return mode === 'structured' ? structuredEncoder(meta) : binaryEncoder(meta);
}

/** One-off encoding (replies, tests); producers keep their encoders. */
export function buildMessage(init: MessageMeta & EncodeFields, mode: EnvelopeMode): WireMessage {
  return createEncoder(init, mode)(init);
}

/**
 * The JSON event, written as text around `JSON.stringify(payload)`: building then serialising a
 * ten-key object cost more than the payload itself. Ids, times and traceparents are safe JSON
 * strings by construction; caller-supplied values are escaped. Every byte is paid by the broker
 * on every message, so attributes with a defined default are left out: `datacontenttype`
 * (absent means `application/json` in the JSON format) and the correlation id of a message that
 * starts its own flow (absent means "same as id").
 */
function structuredEncoder(meta: MessageMeta): Encoder {
  const fixed = `"source":${JSON.stringify(meta.service)},"type":${JSON.stringify(meta.type)},"${EXTENSIONS.version}":${JSON.stringify(meta.version)},"${EXTENSIONS.traceparent}":"`;
  return (f) => {
    const id = f.messageId ?? randomUUID();
    let json = `{"specversion":"1.0","id":${f.messageId === undefined ? `"${id}"` : JSON.stringify(id)},"time":"${isoNow()}",${fixed}${f.ownTraceparent ?? nextTraceparent(f.traceparent)}"`;
    if (f.correlationId !== undefined && f.correlationId !== id) json += `,"${EXTENSIONS.correlationId}":${JSON.stringify(f.correlationId)}`;
    if (f.causationId !== undefined) json += `,"${EXTENSIONS.causationId}":${JSON.stringify(f.causationId)}`;
    if (f.tracestate !== undefined) json += `,"${EXTENSIONS.tracestate}":${JSON.stringify(f.tracestate)}`;
    json += `,"data":${JSON.stringify(f.body) ?? 'null'}}`;
    const properties: WireProperties = { contentType: STRUCTURED_CONTENT_TYPE, persistent: true };
    if (f.headers) properties.headers = { ...f.headers };
    return { content: Buffer.from(json), properties, id };
  };
}

function binaryEncoder(meta: MessageMeta): Encoder {
  return (f) => {
    const id = f.messageId ?? randomUUID();
    // Object.assign, not `{ ...f.headers, [key]: value }`: in V8 a spread followed by new keys
    // gives every message's headers a hidden class of their own, and amqplib's encoding of each
    // (it reads every property) then takes about twice as long.
    const headers: Record<string, unknown> = Object.assign({}, f.headers, {
      [HEADERS.ceSpecVersion]: '1.0',
      [HEADERS.ceId]: id,
      [HEADERS.ceSource]: meta.service,
      [HEADERS.ceType]: meta.type,
      [HEADERS.ceTime]: isoNow(),
      [HEADERS.version]: meta.version,
      [HEADERS.traceparent]: f.ownTraceparent ?? nextTraceparent(f.traceparent),
    });
    if (f.causationId !== undefined) headers[HEADERS.causationId] = f.causationId;
    if (f.tracestate !== undefined) headers[HEADERS.tracestate] = f.tracestate;
    const properties: WireProperties = {
      messageId: id,
      type: meta.type,
      timestamp: Math.floor(Date.now() / 1000),
      correlationId: f.correlationId ?? id,
      appId: meta.service,
      contentType: CONTENT_TYPE,
      persistent: true,
      headers,
    };
    return { content: Buffer.from(JSON.stringify(f.body)), properties, id };
  };
}
