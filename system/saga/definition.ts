/**
 * A saga described as data: the message that starts it, its steps in order (the command each one
 * sends, the events that complete or fail it, the command that undoes it), what ends a failed saga,
 * and what a completed saga still reacts to. One engine (`engine.ts`) interprets any definition;
 * the definition holds no I/O and no state.
 */

/** A command (or event) the saga sends: the producer method to call and its payload. */
export interface SagaCommand {
  /** The producer method, e.g. `sendReserveInventory` or `publishPaymentInitiated`. */
  readonly send: string;
  readonly payload: unknown;
}

/** Where an event belongs: the saga id itself, or the saga's correlation key (e.g. an order id). */
export type SagaKey = { readonly id: string } | { readonly correlation: string };

/** An event that moves a step on, optionally only when `when` holds; `data` is merged into the saga's data. */
export interface Reply<D> {
  readonly event: string;
  readonly when?: (payload: unknown, data: D) => boolean;
  readonly data?: (payload: unknown, data: D) => Partial<D>;
}

export interface Failure<D, R extends string> extends Reply<D> {
  readonly reason: R;
}

export interface SagaStep<D, R extends string> {
  /** Names the step in state, logs and message ids (the catalog flow's step id). */
  readonly name: string;
  readonly command: (data: D) => SagaCommand;
  /** How long the step may wait for a reply (overridable per process). */
  readonly timeoutMs: number;
  readonly completedBy: readonly Reply<D>[];
  readonly failedBy?: readonly Failure<D, R>[];
  /** Undoes the step when a later one fails (or this one times out); undefined = nothing to undo for this reason. */
  readonly compensation?: (data: D, reason: R) => SagaCommand | undefined;
}

/** What a completed saga still does when an event arrives (once per event type). */
export type Reaction<D, R extends string> =
  | { readonly event: string; readonly when?: (payload: unknown, data: D) => boolean; readonly send: (data: D, payload: unknown) => SagaCommand; readonly data?: (payload: unknown, data: D) => Partial<D> }
  | { readonly event: string; readonly when?: (payload: unknown, data: D) => boolean; readonly compensate: R };

export interface SagaDefinition<D, R extends string> {
  readonly name: string;
  /** The message that starts a saga: its id, its correlation key and its initial data. */
  readonly start: {
    readonly message: string;
    readonly init: (payload: unknown) => { readonly id: string; readonly correlation?: string; readonly data: D };
  };
  /** How each received event (other than `start.message`) finds its saga; undefined = not for a saga. */
  readonly keys: Readonly<Record<string, (payload: unknown) => SagaKey | undefined>>;
  readonly steps: readonly SagaStep<D, R>[];
  /** The reason recorded when a step's deadline passes. */
  readonly timeoutReason: R;
  /** Events that cancel a running saga wherever it is (its current step is compensated too). */
  readonly cancelledBy?: readonly Failure<D, R>[];
  /** Sent after the compensations of a failed saga (newest first): the saga then ends `cancelled`. */
  readonly onFailed?: (data: D, reason: R) => SagaCommand | undefined;
  /** What a completed saga reacts to: a command to send, or compensating everything with a reason. */
  readonly afterCompletion?: readonly Reaction<D, R>[];
}

/** Typed helpers so definitions read their payloads with their catalog types. */
export function reply<P, D>(event: string, options: { when?: (payload: P, data: D) => boolean; data?: (payload: P, data: D) => Partial<D> } = {}): Reply<D> {
  return { ...(options as Pick<Reply<D>, 'when' | 'data'>), event };
}

export function failure<P, D, R extends string>(event: string, reason: R, options: { when?: (payload: P, data: D) => boolean } = {}): Failure<D, R> {
  return { ...(options as Pick<Failure<D, R>, 'when'>), event, reason };
}
