/**
 * The typed surface derived from a contract literal: producer methods from `sends`, the handler
 * map from `receives`. Queries are recognised by their response type (`defineMessage<P, R>`);
 * everything else resolves to `void` once the broker confirmed it.
 */
import type { PayloadOf, QueryErrorOf, ResponseOf, ServiceContract } from '../../contract.js';
import type { Envelope } from '../envelope.js';
import type { PermanentFailure, QueryRefusal } from '../errors.js';

export interface SendOptions {
  /** Reuse a stable id (e.g. an outbox row id) so that a re-send is recognised as a duplicate. */
  readonly messageId?: string;
  /** Defaults to the correlation id of the message being handled, else to the new message id. */
  readonly correlationId?: string;
  /** Defaults to the id of the message being handled. */
  readonly causationId?: string;
  /** W3C traceparent to continue; defaults to the handled message's trace, else a new trace. */
  readonly traceparent?: string;
  /** Extra application headers. Names the runtime writes (docs/runtime.md) are overwritten. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The version the payload was written at, when it may be an older major than the contract's:
   * a record kept across an upgrade, such as an outbox row (docs/versions.md). A payload of a
   * major the event still bridges is validated against that major's schema, published as it is
   * under that major and upcast for the current one; any other major is refused. The payload is
   * then of that version's type, whatever the method's signature says.
   */
  readonly version?: string;
}

export interface RequestOptions extends SendOptions {
  /** How long to wait for the reply; defaults to the service's `requestTimeoutMs`. */
  readonly timeoutMs?: number;
}

type IsQuery<M> = [ResponseOf<M>] extends [never] ? false : true;

/** `send`/`publish` for events and commands, `request` (typed reply) for queries. */
export type ProducerMethod<M> =
  IsQuery<M> extends true
    ? (payload: PayloadOf<M>, options?: RequestOptions) => Promise<ResponseOf<M>>
    : (payload: PayloadOf<M>, options?: SendOptions) => Promise<void>;

/** One method per key of `contract.sends`. */
export type Producer<C extends ServiceContract> = {
  readonly [K in keyof C['sends']]: ProducerMethod<C['sends'][K]>;
};

/** What a handler returns: the typed response for a query, nothing otherwise. */
export type HandlerResult<M> = IsQuery<M> extends true ? ResponseOf<M> : void;

/** The names of a contract's business dead letters (`never` when it declares none). */
export type BusinessDeadLetterOf<C> = C extends { readonly businessDeadLetters: infer D } ? Extract<keyof D, string> : never;

/** The errors any query the service receives may refuse with. */
export type ReceivedQueryErrorOf<C extends ServiceContract> = QueryErrorOf<C['receives'][keyof C['receives']]>;

export interface FailOptions<DeadLetter extends string = string> {
  /** One of the service's business dead letters; without it the message goes to `<queue>.dlq`. */
  readonly deadLetter?: DeadLetter | undefined;
  readonly cause?: unknown;
}

/**
 * `D`: what the service's handlers depend on (stores, clients, clocks), passed once as
 * `ServiceOptions.deps` when the service starts, so handlers need no global to find them.
 */
export interface HandlerContext<C extends ServiceContract, D = undefined> {
  readonly envelope: Envelope;
  /** The value given as `deps` when the service was started (the same object for every message). */
  readonly deps: D;
  /** Sends with this message's correlation id, its id as causation id, and its trace. */
  readonly producer: Producer<C>;
  /** How many times this message already failed (0 on the first attempt). */
  readonly attempt: number;
  /** The broker delivered this message before (e.g. the consumer's connection was lost). */
  readonly redelivered: boolean;
  /**
   * Where the sender published the message: exchange and routing key as resolved on the broker
   * (prefix and params applied). A retried message keeps the values of its first delivery.
   */
  readonly delivery: DeliveryInfo;
  /**
   * A permanent failure to throw (`throw ctx.fail('card blocked')`): the message is not retried
   * but dead-lettered at once with the reason, to the named business dead letter if given. In a
   * query handler the requester rejects with `RequestError('request-failed')` and the reason.
   */
  fail(reason: string, options?: FailOptions<BusinessDeadLetterOf<C>>): PermanentFailure;
  /**
   * A query's typed error to throw (`throw ctx.refuse('not-found', 'no order o-1')`): the requester
   * rejects with `QueryRefusedError` carrying `reason`, `message` and `details` (JSON). Only the
   * errors the service's queries declare compile; one the handled query does not declare, or a
   * refusal in an event or command handler, counts as a permanent failure instead.
   */
  refuse(reason: ReceivedQueryErrorOf<C>, message?: string, details?: unknown): QueryRefusal;
}

export interface DeliveryInfo {
  readonly exchange: string;
  readonly routingKey: string;
}

export type Handler<M, C extends ServiceContract, D = undefined> = (
  payload: PayloadOf<M>,
  ctx: HandlerContext<C, D>,
) => Promise<HandlerResult<M>> | HandlerResult<M>;

/** Exactly one handler per key of `contract.receives`. */
export type Handlers<C extends ServiceContract, D = undefined> = {
  readonly [K in keyof C['receives']]: Handler<C['receives'][K], C, D>;
};

/** Untyped views used inside the runtime, where the contract is only known at run time. */
export type AnyProducer = Record<string, (payload: unknown, options?: RequestOptions) => Promise<unknown>>;
export type AnyHandler = (payload: unknown, ctx: HandlerContext<ServiceContract, unknown>) => unknown;
