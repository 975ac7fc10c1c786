/**
 * The service contract: what `catwire generate` emits for each service and what the runtime
 * consumes. It is plain data (names, kinds, schemas, topology) plus phantom types that carry
 * each message's payload and response type to the compiler, so the runtime can infer typed
 * producers and handler maps from the literal contract without any generated behaviour.
 *
 * Names may contain `{param}` placeholders taken from channel addresses (for example
 * `orders.{env}.events`); the runtime fills them from its configuration and applies its
 * name prefix. Everything else is decided by the generator, once.
 */

export type MessageKind = 'event' | 'command' | 'query';

/** A JSON Schema document as loaded from the catalog (draft-07 or 2020-12). */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

export type ExchangeType = 'topic' | 'direct' | 'fanout' | 'headers';

declare const payloadMarker: unique symbol;
declare const responseMarker: unique symbol;
declare const errorsMarker: unique symbol;

/**
 * One message version as a service sends or receives it. `Errors` are the names a query's handler
 * may refuse with (`errors` at run time); `string` by default so that any message fits a
 * `ServiceContract`.
 */
export interface MessageContract<Payload = unknown, Response = unknown, Errors extends string = string> {
  /** Catalog id, e.g. `order-created`. */
  readonly id: string;
  /** Resolved catalog version, e.g. `1.0.0`. */
  readonly version: string;
  readonly kind: MessageKind;
  /** Exchange the message is published to (may contain `{param}` placeholders). */
  readonly exchange: string;
  /** Routing key the message is published with and bound by. */
  readonly routingKey: string;
  /** Payload schema used for validation on send and on receive; `undefined` skips validation. */
  readonly schema: JsonSchema | undefined;
  /** For queries: the schema of the reply. */
  readonly responseSchema?: JsonSchema | undefined;
  /**
   * For queries: the errors the handler may answer with (`ctx.refuse`), which the requester
   * rejects with as `QueryRefusedError`. Absent or empty: the query never refuses.
   */
  readonly errors?: readonly string[] | undefined;
  /**
   * Older majors bridged while other services still pin them (docs/versions.md): a sent event is
   * also published as each, a received command or query is also accepted as each.
   */
  readonly bridges?: readonly VersionBridge[];
  /** Compile-time only: the payload type. Never present at runtime. */
  readonly [payloadMarker]?: Payload;
  /** Compile-time only: the response type of a query. Never present at runtime. */
  readonly [responseMarker]?: Response;
  /** Compile-time only: the query's error names. Never present at runtime. */
  readonly [errorsMarker]?: Errors;
}

/**
 * One older major of a message, on the message's exchange under its own routing key. Events:
 * `cast` turns the current payload into this major's (downcast). Commands and queries: `cast`
 * turns this major's payload into the current one (upcast), and `castReply` a query's current
 * reply into this major's.
 */
export interface VersionBridge {
  readonly version: string;
  readonly routingKey: string;
  readonly schema: JsonSchema | undefined;
  readonly responseSchema?: JsonSchema | undefined;
  readonly cast: (payload: any) => unknown;
  readonly castReply?: (reply: any) => unknown;
  /**
   * Events: turns a payload of this major into the current one, so that a record written at this
   * major before an upgrade (an outbox row) can still be published (`SendOptions.version`).
   * Absent when catwire could not derive it and no one wrote it.
   */
  readonly upcast?: (payload: any) => unknown;
}

export interface ExchangeSpec {
  readonly name: string;
  readonly type: ExchangeType;
  readonly durable: boolean;
}

/** `business-dead-letter`: a named queue a handler's permanent failures may be routed to. */
export type QueueRole = 'main' | 'retry' | 'dead-letter' | 'business-dead-letter';

export interface QueueSpec {
  readonly name: string;
  readonly role: QueueRole;
  /** `quorum` queues get a delivery limit; `classic` is RabbitMQ's default queue type. */
  readonly type: 'classic' | 'quorum';
  /** For retry queues: how long a message waits before it returns to the main queue. */
  readonly delayMs?: number;
  /** For quorum main queues: RabbitMQ's `x-delivery-limit`. */
  readonly deliveryLimit?: number;
}

export interface BindingSpec {
  readonly exchange: string;
  readonly queue: string;
  readonly routingKey: string;
}

export interface RetryPolicy {
  /** Delay before each retry; its length is the number of retries before dead-lettering. */
  readonly delaysMs: readonly number[];
}

/** Everything a service needs declared on the broker. */
export interface Topology {
  readonly exchanges: readonly ExchangeSpec[];
  readonly queues: readonly QueueSpec[];
  readonly bindings: readonly BindingSpec[];
}

export interface ServiceContract<
  Sends extends Record<string, MessageContract<any, any>> = Record<string, MessageContract<any, any>>,
  Receives extends Record<string, MessageContract<any, any>> = Record<string, MessageContract<any, any>>,
> {
  readonly service: { readonly id: string; readonly name: string; readonly version: string };
  /** Keyed by the generated method name (e.g. `orderCreated`). */
  readonly sends: Sends;
  /** Keyed by the generated handler name (e.g. `createOrder`). */
  readonly receives: Receives;
  /** The service's own queue that all received messages arrive on. */
  readonly queue: string;
  readonly retry: RetryPolicy;
  readonly prefetch: number;
  readonly topology: Topology;
  /**
   * The catalog's definitions of the `{param}` placeholders in this contract's names. A
   * parameter the transport's `params` does not fill takes `CATWIRE_ENV` (for `env`), else its
   * default.
   */
  readonly parameters?: Readonly<Record<string, ParameterSpec>>;
  /**
   * Named dead-letter queues for business refusals, from the catalog's
   * `x-amqp.businessDeadLetters`: `throw ctx.fail(reason, { deadLetter: name })` moves the
   * message there at once. Each queue is in `topology.queues` with role `business-dead-letter`.
   */
  readonly businessDeadLetters?: Readonly<Record<string, BusinessDeadLetterSpec>>;
}

export interface BusinessDeadLetterSpec {
  /** The queue (may contain `{param}` placeholders, like every name). */
  readonly queue: string;
  readonly description?: string;
}

/** A channel address parameter as the catalog defines it. */
export interface ParameterSpec {
  readonly default?: string;
  readonly enum?: readonly string[];
}

/** Attaches payload and response types to a message literal; the identity at runtime. */
export function defineMessage<Payload, Response = never, Errors extends string = never>(
  message: Omit<MessageContract, typeof payloadMarker | typeof responseMarker | typeof errorsMarker>,
): MessageContract<Payload, Response, Errors> {
  return message as MessageContract<Payload, Response, Errors>;
}

export type PayloadOf<M> = M extends MessageContract<infer P, any> ? P : never;
export type ResponseOf<M> = M extends MessageContract<any, infer R> ? R : never;
/** The error names a query declares (`never` for events, commands and queries that never refuse). */
export type QueryErrorOf<M> = M extends MessageContract<any, any, infer E> ? E : never;
