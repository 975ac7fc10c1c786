/**
 * The one starter behind every `start<Service>Process`: a service is a row (its generated start
 * function and handlers, what it builds before the service runs, what its handlers get as
 * `deps`, and what it adds once the service runs), and `serviceProcess(row)` turns the row into
 * its start function. The starter owns the order of start and stop, so no row writes it again:
 *
 * start: `create` → the generated service starts with `deps` → `extend`; when any step throws,
 * what was already started is stopped (as `stop()` does) and the error is rethrown.
 * stop (idempotent): the row's `beforeService` hooks → the service stops consuming (in-flight
 * handlers finish) → the row's `afterService` hooks, the last added first.
 */
import type { Logger, Service, ServiceContract, ServiceOptions, Transport } from '../../runtime/index.js';
import { every, processLogger, serviceOptions, type ProcessOptions, type ServiceProcess } from './support.js';

type Hook = () => Promise<void> | void;

/** What a row adds to its process's stop. */
export interface StopHooks {
  /** Runs before the service stops: for work that publishes on its own (timers, sweepers), so none sends through a stopped producer. */
  beforeService(hook: Hook): void;
  /** Runs after the service has stopped, the last added first: releasing what the process holds (the outbox's last pass, the database it opened). */
  afterService(hook: Hook): void;
}

/** What a row's hooks get. */
export interface RowContext<C extends ServiceContract, O> {
  readonly options: O;
  /** The business logger (`options.logger`, else JSON lines on stderr). */
  readonly logger: Logger;
  readonly stops: StopHooks;
  /** The running service; throws before it has started (for callbacks that only run later, such as an outbox relay's publish). */
  service(): Service<C>;
  /** Runs `task` every `ms` (0: never) until the process stops, stopped before the service; a failed run is logged (warn) as `failure`. */
  repeat(ms: number, task: () => Promise<unknown>, failure: string): void;
}

/** A generated start function, as `generated/services/<service>/consumer.ts` emits it. */
export type StartGenerated<C extends ServiceContract, H, D> = (
  transport: Transport,
  handlers: H,
  options: Omit<ServiceOptions<C, D>, 'handlers' | 'deps'> & { readonly deps: D },
) => Promise<Service<C>>;

/**
 * One service: `C` its contract, `O` its process options, `V` what it builds, `D` its handlers'
 * deps, `H` its handlers, `M` its process's own members. `O` is taken from the declared type of
 * the start function (`StartProcess<O, P>`), never from a hook's parameter, so every hook sees
 * the service's whole options type.
 */
export interface ProcessRow<C extends ServiceContract, O extends ProcessOptions<C>, V, D, H, M extends object> {
  readonly start: StartGenerated<C, H, D>;
  readonly handlers: H;
  /** Before the service starts: its domain object, or a database and what works on it. */
  readonly create: (ctx: RowContext<C, NoInfer<O>>) => V | Promise<V>;
  /** What the handlers get as `ctx.deps`. */
  readonly deps: (value: V, ctx: RowContext<C, NoInfer<O>>) => D;
  /** Once the service runs: the process's members besides `service` and `stop` (its domain object, methods). */
  readonly extend: (value: V, ctx: RowContext<C, NoInfer<O>>) => M | Promise<M>;
}

/** A `start<Service>Process` function. */
export type StartProcess<O, P> = (transport: Transport, options?: O) => Promise<P>;

export function serviceProcess<C extends ServiceContract, O extends ProcessOptions<C>, V, D, H, M extends object>(
  row: ProcessRow<C, O, V, D, H, M>,
): StartProcess<O, ServiceProcess<C> & M> {
  return async (transport, options = {} as O) => {
    const before: Hook[] = [];
    const after: Hook[] = [];
    let service: Service<C> | undefined;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        for (const hook of before) await hook();
        await service?.stop();
        for (const hook of [...after].reverse()) await hook();
      })());
    const logger = processLogger(options);
    const stops: StopHooks = { beforeService: (hook) => void before.push(hook), afterService: (hook) => void after.push(hook) };
    const ctx: RowContext<C, O> = {
      options,
      logger,
      stops,
      service: () => {
        if (!service) throw new Error('the service has not started yet');
        return service;
      },
      repeat: (ms, task, failure) => stops.beforeService(every(ms, task, (error) => logger.warn(failure, { error }))),
    };
    try {
      const value = await row.create(ctx);
      service = await row.start(transport, row.handlers, { ...serviceOptions(options), deps: row.deps(value, ctx) });
      const members = await row.extend(value, ctx);
      return { ...members, service, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  };
}

/** The row parts of a service whose process is one domain object under `key`: given in the options, or created from the options given there. */
export function domainObject<K extends string, T, TO>(key: K, Domain: new (options?: TO) => T) {
  const own = (value: T) => ({ [key]: value }) as { readonly [P in K]: T };
  return {
    create: ({ options }: { readonly options: { readonly [P in K]?: T | TO } }): T => {
      const given = options[key];
      return given instanceof Domain ? given : new Domain(given as TO | undefined);
    },
    deps: (value: T, { logger }: { readonly logger: Logger }) => ({ ...own(value), logger }),
    extend: own,
  };
}
