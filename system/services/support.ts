/** What every service's wiring and handlers share: publishing domain events, logging outcomes, starting with a registry slot. */
import {
  createJsonLogger,
  type Envelope,
  type Logger,
  type SendOptions,
  type Service,
  type ServiceContract,
  type ServiceOptions,
} from '../../runtime/index.js';
import type { Emitted, Rejection } from '../domain/shared/index.js';
import type { ServiceSlot } from './registry.js';

/**
 * Publishes domain events in order, each under its stable message id (a republished event after
 * a redelivery is then recognisable as the same message).
 */
export async function emit<P>(
  send: (payload: P, options?: SendOptions) => Promise<void>,
  events: Emitted<P> | readonly Emitted<P>[] | undefined,
): Promise<void> {
  if (events === undefined) return;
  for (const event of Array.isArray(events) ? (events as readonly Emitted<P>[]) : [events as Emitted<P>]) {
    await send(event.payload, { messageId: event.messageId });
  }
}

/**
 * Events produced outside a handler (periodic tasks, process methods) have no redelivery to
 * retry them: they wait here until published, in order, and a failed publish is retried by the
 * next `flush`.
 */
export class PendingEvents {
  private readonly queue: (() => Promise<void>)[] = [];
  private flushing: Promise<void> | undefined;

  add<P>(send: (payload: P, options?: SendOptions) => Promise<void>, events: readonly Emitted<P>[] | Emitted<P> | undefined): void {
    if (events === undefined) return;
    for (const event of Array.isArray(events) ? (events as readonly Emitted<P>[]) : [events as Emitted<P>]) {
      this.queue.push(() => send(event.payload, { messageId: event.messageId }));
    }
  }

  get size(): number {
    return this.queue.length;
  }

  /** Publishes what is waiting; rejects with the first failure (the rest stays queued). */
  flush(): Promise<void> {
    return (this.flushing ??= (async () => {
      try {
        while (this.queue.length > 0) {
          await (this.queue[0] as () => Promise<void>)();
          this.queue.shift();
        }
      } finally {
        this.flushing = undefined;
      }
    })());
  }
}

/** A command refused by a business rule (the HTTP API's 404/409): acknowledged, nothing published. */
export function logRefusal(logger: Logger, service: string, envelope: Envelope, refusal: Rejection<string>): void {
  logger.info('command-refused', { service, message: envelope.type, messageId: envelope.messageId, reason: refusal.reason, detail: refusal.detail });
}

/** An event that changes nothing here (unknown order, older revision, …). */
export function logIgnored(logger: Logger, service: string, envelope: Envelope, reason: string): void {
  logger.debug('event-ignored', { service, message: envelope.type, messageId: envelope.messageId, reason });
}

export interface ProcessOptions<C extends ServiceContract> {
  /** Options of the runtime service: prefetch, idempotency store, timeouts, logger. */
  readonly service?: Omit<ServiceOptions<C>, 'handlers'>;
  /** Business outcomes (refused commands, ignored events); also the service's logger unless `service.logger` is set. Default: JSON lines on stderr. */
  readonly logger?: Logger;
}

export interface ServiceProcess<C extends ServiceContract> {
  /** The running service: its typed producer, and `stop`. */
  readonly service: Service<C>;
  /** Stops consuming (in-flight handlers finish), releases what the process holds, frees its registry slot. Idempotent. */
  stop(): Promise<void>;
}

export function processLogger(options: { readonly logger?: Logger }): Logger {
  return options.logger ?? createJsonLogger();
}

export function serviceOptions<C extends ServiceContract>(options: ProcessOptions<C>): Omit<ServiceOptions<C>, 'handlers'> {
  return { ...(options.logger ? { logger: options.logger } : {}), ...options.service };
}

/**
 * Registers `runtime` in `slot`, then starts the service (a service may receive messages as soon
 * as it consumes, so the slot is filled first). A failed start empties the slot again. `stop`
 * stops the service, runs `cleanup`, and empties the slot.
 */
export async function startRegistered<C extends ServiceContract, T>(
  slot: ServiceSlot<T>,
  runtime: T,
  start: () => Promise<Service<C>>,
  cleanup?: () => Promise<void> | void,
): Promise<ServiceProcess<C>> {
  const release = slot.register(runtime);
  let service: Service<C>;
  try {
    service = await start();
  } catch (error) {
    release();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    service,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await service.stop();
          await cleanup?.();
        } finally {
          release();
        }
      })()),
  };
}

/** A periodic task that never overlaps itself and never keeps the process alive. */
export function every(ms: number, task: () => Promise<unknown>, onError: (error: unknown) => void): () => Promise<void> {
  if (ms <= 0) return async () => {};
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .catch(onError)
      .finally(() => (running = undefined));
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
