/**
 * Every error the runtime throws is a `CatwireError` with a `code` from one closed union, so
 * callers branch on `err.code` instead of parsing messages. Subclasses add structured fields
 * (which message, which exchange, which field of the payload).
 */
import type { MessageContract, QueryErrorOf } from '../contract.js';

export type CatwireErrorCode =
  /** The contract's cross-references are broken (unknown exchange, missing binding, ...). */
  | 'invalid-contract'
  /** A `{param}` placeholder in a name has no value in `params`. */
  | 'missing-parameter'
  /** `startService` was given no handler for a received message. */
  | 'missing-handler'
  /** The broker refused the topology (e.g. a queue exists with other arguments). */
  | 'topology-rejected'
  /** A payload failed its catalog schema before sending. */
  | 'invalid-payload'
  /** A query reply failed its response schema. */
  | 'invalid-response'
  /** A command or query reached no queue (mandatory publish returned by the broker). */
  | 'unroutable'
  /** The broker nacked a publish or closed the channel because of it. */
  | 'publish-rejected'
  /** The broker did not confirm a publish in time, usually because the connection is down. */
  | 'publish-timeout'
  /** A query got no reply in time. */
  | 'request-timeout'
  /** The connection carrying a query was lost before its reply arrived. */
  | 'request-interrupted'
  /** The receiving service's query handler failed. */
  | 'request-failed'
  /** The receiving service's query handler answered with one of the query's declared errors. */
  | 'query-refused'
  /** The first connection to the broker could not be made in time. */
  | 'connection-failed'
  /** The transport was closed; nothing more can be sent through it. */
  | 'transport-closed'
  /** A caster between two majors of a message (docs/versions.md) threw. */
  | 'cast-failed'
  /** A record of a major the contract does not bridge, or bridges without an upcaster, was given to send. */
  | 'version-not-bridged';

export class CatwireError extends Error {
  readonly code: CatwireErrorCode;

  constructor(code: CatwireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type ContractErrorCode = 'invalid-contract' | 'missing-parameter' | 'missing-handler' | 'topology-rejected';

/** The contract, its parameters or the broker's view of its topology do not fit together. */
export class ContractError extends CatwireError {
  declare readonly code: ContractErrorCode;
  /** Every problem found, one line each (all of them are collected before throwing). */
  readonly problems: readonly string[];

  constructor(code: ContractErrorCode, service: string, problems: readonly string[], options?: { cause?: unknown }) {
    const body = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    super(code, `contract of service ${service} is not usable:${body}`, options);
    this.problems = problems;
  }
}

export interface ValidationIssue {
  /** JSON pointer of the offending field (`/items/0/qty`); `` for the whole payload. */
  readonly path: string;
  readonly message: string;
}

/** Issues of one payload, cut at a bound; `omitted` counts those left out. */
export type IssueList = readonly ValidationIssue[] & { readonly omitted?: number };

/** A payload or query response does not match the catalog schema. */
export class ValidationError extends CatwireError {
  declare readonly code: 'invalid-payload' | 'invalid-response';
  /** `<message-id>@<version>` from the catalog. */
  readonly messageType: string;
  /** Every failing field, up to a bound (see `omitted`). */
  readonly issues: readonly ValidationIssue[];
  /** Failing fields beyond the bound, counted but not listed. */
  readonly omitted: number;

  constructor(code: 'invalid-payload' | 'invalid-response', messageType: string, issues: IssueList) {
    const what = code === 'invalid-payload' ? 'payload' : 'response';
    const omitted = issues.omitted ?? 0;
    let detail = issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ');
    if (omitted > 0) detail += `; and ${omitted} more`;
    super(code, `${what} of ${messageType} is invalid: ${detail}`);
    this.messageType = messageType;
    this.issues = [...issues];
    this.omitted = omitted;
  }
}

export type PublishErrorCode = 'unroutable' | 'publish-rejected' | 'publish-timeout' | 'transport-closed';

/** A message was not confirmed by the broker. It may or may not have been delivered. */
export class PublishError extends CatwireError {
  declare readonly code: PublishErrorCode;
  readonly exchange: string;
  readonly routingKey: string;

  constructor(code: PublishErrorCode, message: string, target: { exchange: string; routingKey: string }, options?: { cause?: unknown }) {
    super(code, message, options);
    this.exchange = target.exchange;
    this.routingKey = target.routingKey;
  }
}

export type RequestErrorCode = 'request-timeout' | 'request-interrupted' | 'request-failed';

/** A query did not produce a usable reply. */
export class RequestError extends CatwireError {
  declare readonly code: RequestErrorCode;
  readonly messageType: string;
  /** For `request-failed`: the error the remote handler reported. */
  readonly remoteMessage: string | undefined;

  constructor(code: RequestErrorCode, message: string, messageType: string, remoteMessage?: string) {
    super(code, message);
    this.messageType = messageType;
    this.remoteMessage = remoteMessage;
  }
}

/**
 * A query's handler refused it with one of the errors the query declares (`x-errors` in the
 * catalog, `errors` in the contract): an answer, not a fault. `reason` is that error's name;
 * `message` and `details` are what the handler said.
 */
export class QueryRefusedError<E extends string = string> extends CatwireError {
  declare readonly code: 'query-refused';
  readonly messageType: string;
  /** The declared error the handler refused with, e.g. `not-found`. */
  readonly reason: E;
  /** What the handler passed as details (JSON), if anything. */
  readonly details: unknown;
  /** The service that refused. */
  readonly source: string;

  constructor(messageType: string, reason: E, text: string, details: unknown, source: string) {
    super('query-refused', `query ${messageType} refused by ${source || 'the receiving service'}: ${reason}${text ? ` — ${text}` : ''}`);
    this.messageType = messageType;
    this.reason = reason;
    this.details = details;
    this.source = source;
  }
}

/**
 * What a handler throws to fail a message for good (`throw ctx.fail('card blocked')`): a business
 * refusal that no retry can change. The message is dead-lettered at once with the reason, to the
 * named business dead-letter queue when `deadLetter` names one of the service's. Not a
 * `CatwireError`: handlers throw it, the runtime never does.
 */
export class PermanentFailure extends Error {
  /** Name of one of the service's business dead letters (`x-amqp.businessDeadLetters`). */
  readonly deadLetter: string | undefined;

  constructor(reason: string, options: { deadLetter?: string | undefined; cause?: unknown } = {}) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentFailure';
    this.deadLetter = options.deadLetter;
  }
}

/**
 * What a query handler throws to answer with a declared error (`throw ctx.refuse('not-found')`).
 * The requester's `request<Query>` rejects with a `QueryRefusedError` carrying the same fields.
 */
export class QueryRefusal extends Error {
  readonly reason: string;
  readonly details: unknown;

  constructor(reason: string, message = '', details?: unknown) {
    super(message);
    this.name = 'QueryRefusal';
    this.reason = reason;
    this.details = details;
  }
}

/** The transport could not reach the broker (the URL in the message is redacted). */
export class ConnectionError extends CatwireError {
  declare readonly code: 'connection-failed';
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super('connection-failed', message, options);
    this.url = url;
  }
}

/**
 * True when a request was refused with a declared error; given the query's contract entry
 * (`contract.sends.requestX`), narrows `reason` to that query's error names.
 */
export function isQueryRefused(value: unknown): value is QueryRefusedError;
export function isQueryRefused<M extends MessageContract<any, any, any>>(value: unknown, message: M): value is QueryRefusedError<QueryErrorOf<M>>;
export function isQueryRefused(value: unknown, message?: MessageContract<any, any, any>): boolean {
  return value instanceof QueryRefusedError && (message === undefined || value.messageType === `${message.id}@${message.version}`);
}

export function isCatwireError(value: unknown, code?: CatwireErrorCode): value is CatwireError {
  return value instanceof CatwireError && (code === undefined || value.code === code);
}

/** Text of any thrown value, for logs and dead-letter headers. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A message could not be carried between its majors (docs/versions.md): a caster threw
 * (`cast-failed`, the caster's error as `cause`), or a record written at an older major cannot be
 * published because the contract does not bridge that major or has no upcaster for it
 * (`version-not-bridged`). Nothing was published.
 */
export class CastError extends CatwireError {
  declare readonly code: 'cast-failed' | 'version-not-bridged';
  /** `<message-id>@<version>` from the catalog: the message being sent or handled. */
  readonly messageType: string;

  constructor(code: 'cast-failed' | 'version-not-bridged', message: string, messageType: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.messageType = messageType;
  }
}
