/** What every service's process wiring shares: options, the logger, events published outside handlers, periodic tasks. */
import { createJsonLogger, type Logger, type SendOptions, type Service, type ServiceContract, type ServiceOptions } from '../../runtime/index.js';
import type { Emitted } from '../domain/shared/index.js';

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

  /** Queues the events and publishes what is waiting (`flush`). */
  async publish<P>(send: (payload: P, options?: SendOptions) => Promise<void>, events: readonly Emitted<P>[] | Emitted<P> | undefined): Promise<void> {
    this.add(send, events);
    await this.flush();
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

export interface ProcessOptions<C extends ServiceContract> {
  /** Options of the runtime service: prefetch, idempotency store, timeouts, logger. */
  readonly service?: Omit<ServiceOptions<C>, 'handlers'>;
  /** Business outcomes (refused commands, ignored events); also the service's logger unless `service.logger` is set. Default: JSON lines on stderr. */
  readonly logger?: Logger;
}

export interface ServiceProcess<C extends ServiceContract> {
  /** The running service: its typed producer, and `stop`. */
  readonly service: Service<C>;
  /** Stops consuming (in-flight handlers finish), releases what the process holds. Idempotent. */
  stop(): Promise<void>;
}

export function processLogger(options: { readonly logger?: Logger }): Logger {
  return options.logger ?? createJsonLogger();
}

export function serviceOptions<C extends ServiceContract>(options: ProcessOptions<C>): Omit<ServiceOptions<C>, 'handlers'> {
  return { ...(options.logger ? { logger: options.logger } : {}), ...options.service };
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
