/**
 * The envelope: what every message carries besides its payload (encode.ts writes it, decode.ts
 * reads it). Both content modes of the CloudEvents AMQP protocol binding
 * are supported (receivers read both, see decode.ts):
 * - `structured` (default): the body is a CloudEvent in the JSON event format — attributes,
 *   catwire's extension attributes and the payload under `data` — with content-type
 *   `application/cloudevents+json`. No AMQP headers, no other properties: RabbitMQ decodes every
 *   property and header of every message in the channel process, and on 2 cores that halved
 *   confirmed-publish throughput (docs/runtime.md, "Why structured mode by default").
 * - `binary`: the body is the payload itself; the envelope is AMQP properties plus headers,
 *   CloudEvents attributes prefixed `cloudEvents_` (the binding allows `cloudEvents:` too and
 *   prefers `_` for JMS; amqp-tools cannot even set a `:` header). For consumers that want the
 *   bare payload.
 * @see https://github.com/cloudevents/spec/blob/main/cloudevents/bindings/amqp-protocol-binding.md
 * @see https://github.com/cloudevents/spec/blob/main/cloudevents/formats/json-format.md
 */
export type EnvelopeMode = 'structured' | 'binary';

/** Every header name the runtime writes or reads. Documented in docs/runtime.md. */
export const HEADERS = {
  ceSpecVersion: 'cloudEvents_specversion',
  ceId: 'cloudEvents_id',
  ceSource: 'cloudEvents_source',
  ceType: 'cloudEvents_type',
  ceTime: 'cloudEvents_time',
  version: 'catwire-version',
  causationId: 'catwire-causation-id',
  /** Read only, for clients that cannot set the AMQP correlation-id property. */
  correlationId: 'catwire-correlation-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  attempt: 'catwire-attempt',
  lastError: 'catwire-last-error',
  deadLetterReason: 'catwire-dead-letter-reason',
  error: 'catwire-error',
  originalExchange: 'catwire-original-exchange',
  originalRoutingKey: 'catwire-original-routing-key',
  originalQueue: 'catwire-original-queue',
  deadLetteredAt: 'catwire-dead-lettered-at',
  /** On a moved copy: how many of the sender's headers did not fit the copy's header budget. */
  droppedHeaders: 'catwire-dropped-headers',
  replyError: 'catwire-reply-error',
  /** On a query reply: the declared error the handler refused with (`ctx.refuse`). */
  replyRefused: 'catwire-reply-refused',
  /** On a permanent failure moved to a business dead-letter queue: that dead letter's catalog name. */
  businessDeadLetter: 'catwire-business-dead-letter',
} as const;

/** catwire's CloudEvents extension attributes (structured mode); lowercase as the spec requires. */
export const EXTENSIONS = {
  version: 'catwireversion',
  correlationId: 'correlationid',
  causationId: 'causationid',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export const CONTENT_TYPE = 'application/json';
// JSON is UTF-8 by definition (RFC 8259), so no charset parameter: 15 bytes less per message.
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/**
 * Envelope attributes the sender did not send and the runtime filled in: a message id (a new
 * one), or type and version (inferred from the exchange and routing key it arrived with).
 */
export type AssignedAttribute = 'messageId' | 'type' | 'version';

/** What a handler sees of the message it handles. */
export interface Envelope {
  readonly messageId: string;
  /** Catalog message id (CloudEvents `type`, AMQP `type` in binary mode). */
  readonly type: string;
  /** Catalog message version; empty when the sender did not say. */
  readonly version: string;
  readonly timestamp: Date;
  /** Shared by every message of one flow; a message without one starts a flow with its own id. */
  readonly correlationId: string;
  /** Id of the message whose handling produced this one. */
  readonly causationId: string | undefined;
  /** Producing service (CloudEvents `source`, AMQP `app-id` in binary mode). */
  readonly source: string;
  readonly traceparent: string | undefined;
  /** `structured` or `binary`: how the message was encoded. */
  readonly mode: EnvelopeMode;
  /** AMQP headers as received (binary mode attributes, retry and dead-letter headers). */
  readonly headers: Readonly<Record<string, unknown>>;
  /** What the runtime filled in because the sender did not say (absent: nothing). */
  readonly assigned?: readonly AssignedAttribute[] | undefined;
}

/** Where a message comes from: the message being handled, if any. */
export interface Lineage {
  readonly correlationId?: string | undefined;
  readonly causationId?: string | undefined;
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
}

/** The lineage a handler passes on: same flow, caused by the handled message, same trace. */
export function lineageOf(envelope: Envelope, tracestate: string | undefined): Lineage {
  return { correlationId: envelope.correlationId, causationId: envelope.messageId, traceparent: envelope.traceparent, tracestate };
}
