/**
 * `startService`: plan the contract, check the handlers, declare the topology, start consuming,
 * and hand back the typed producer plus a graceful `stop()` (stop consuming, let in-flight
 * handlers finish within a bound, flush acknowledgements, release the channel).
 */
import type { ServiceContract } from '../../contract.js';
import { CatwireError, ContractError, errorText } from '../errors.js';
import type { IdempotencyStore } from '../idempotency.js';
import type { Logger } from '../log.js';
import { createTelemetry, type TelemetryOptions } from '../telemetry.js';
import { internals, type Transport } from '../transport.js';
import type { ConsumerHandle } from '../wire.js';
import { createDispatcher } from './dispatcher.js';
import { MoveFailures } from './outcomes.js';
import { planService, type ServicePlan } from './plan.js';
import { createProducer, producerDeps } from './producer.js';
import type { AnyHandler, Handlers, Producer } from './types.js';

export interface ServiceOptions<C extends ServiceContract, D = undefined> {
  /** One handler per key of `contract.receives`. */
  readonly handlers: Handlers<C, D>;
  /** What the handlers depend on: every handler receives it as `ctx.deps`. */
  readonly deps?: D;
  /** Unacknowledged messages in flight at once; defaults to `contract.prefetch`. */
  readonly prefetch?: number;
  /** Skip messages already handled (keyed by message id) — at-least-once delivery made idempotent. */
  readonly idempotency?: IdempotencyStore;
  /** Default reply timeout of queries sent by this service (default 5,000 ms). */
  readonly requestTimeoutMs?: number;
  /**
   * Largest received body this service parses; larger ones are dead-lettered as `oversized`
   * unread. Defaults to the transport's `maxBodyBytes` (1 MiB).
   */
  readonly maxBodyBytes?: number;
  /** How long `stop()` waits for in-flight handlers (default 10,000 ms). */
  readonly stopTimeoutMs?: number;
  readonly logger?: Logger;
  /**
   * OpenTelemetry tracer and meter providers; default: the globally registered ones. With none
   * registered when the service starts, the service records no telemetry (docs/runtime.md).
   */
  readonly telemetry?: TelemetryOptions;
}

export interface Service<C extends ServiceContract> {
  readonly producer: Producer<C>;
  /** Stops consuming, waits for in-flight handlers (bounded), flushes acknowledgements. Idempotent. */
  stop(): Promise<void>;
}

function checkHandlers(plan: ServicePlan, handlers: Readonly<Record<string, unknown>>): void {
  const problems = plan.receives.filter((m) => typeof handlers[m.key] !== 'function').map((m) => `Handler: ${m.key} (${m.label}) is missing`);
  const known = new Set(plan.receives.map((m) => m.key));
  for (const key of Object.keys(handlers)) if (!known.has(key)) problems.push(`Handler: ${key} matches no message in contract.receives`);
  if (problems.length > 0) throw new ContractError('missing-handler', plan.service, problems);
}

export async function startService<C extends ServiceContract, D = undefined>(
  transport: Transport,
  contract: C,
  // NoInfer: C comes from the contract alone, so handlers are contextually typed by it (literal
  // unions in query responses keep their literal types instead of widening to string). D is
  // never inferred either: callers with deps name it (`startService<C, D>`), as generated code does.
  options: NoInfer<ServiceOptions<C, D>>,
): Promise<Service<C>> {
  const t = transport[internals];
  if (t.closed) throw new CatwireError('transport-closed', `cannot start service ${contract.service.id}: the transport is closed`);
  const logger = options.logger ?? t.logger;
  const plan = planService(contract, t.naming, t.queues);
  const handlers = options.handlers as unknown as Readonly<Record<string, AnyHandler>>;
  checkHandlers(plan, handlers);
  try {
    await t.wire.declare(plan.topology);
  } catch (err) {
    if (err instanceof CatwireError) throw err;
    throw new ContractError('topology-rejected', plan.service, [`the broker refused the topology: ${errorText(err)}`], { cause: err });
  }

  const telemetry = createTelemetry(plan.service, t.wire.kind, plan.queue, options.telemetry);
  const deps = producerDeps(plan, t.wire, t.envelope, options.requestTimeoutMs ?? 5_000, telemetry);
  const dispatcher = createDispatcher({
    plan,
    wire: t.wire,
    logger,
    moveFailures: new MoveFailures(),
    handlers,
    handlerDeps: options.deps,
    idempotency: options.idempotency,
    producerFor: (lineage) => createProducer(deps, lineage),
    maxBodyBytes: options.maxBodyBytes ?? t.maxBodyBytes,
    telemetry,
  });
  let consumer: ConsumerHandle | undefined;
  if (plan.queue !== undefined) {
    consumer = await t.wire.consume(plan.queue, options.prefetch ?? contract.prefetch, (d) => dispatcher.onDelivery(d));
  }
  logger.info('service-started', { service: plan.service, queue: plan.queue, transport: transport.description });

  let stopping: Promise<void> | undefined;
  const service = {
    producer: createProducer(deps) as Producer<C>,
    stop: () => (stopping ??= stop()),
  };
  async function stop(): Promise<void> {
    await consumer?.cancel();
    const bound = options.stopTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      dispatcher.idle().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), bound))),
    ]);
    clearTimeout(timer);
    // Unfinished handlers' messages stay unacknowledged and the broker redelivers them.
    if (timedOut) logger.warn('stop-timeout', { service: plan.service, inFlight: dispatcher.inFlight, waitedMs: bound });
    await consumer?.close();
    t.services.delete(service);
    logger.info('service-stopped', { service: plan.service });
  }
  t.services.add(service);
  return service;
}

/**
 * Deletes a contract's queues (with their messages) and exchanges, names resolved as
 * `startService` resolves them: for test runs and short-lived environments that declare under a
 * name prefix of their own. Stop the contract's services first; exchanges that other contracts
 * share are deleted too.
 */
export async function deleteTopology(transport: Transport, contract: ServiceContract): Promise<void> {
  const t = transport[internals];
  if (t.closed) throw new CatwireError('transport-closed', `cannot delete the topology of ${contract.service.id}: the transport is closed`);
  await t.wire.remove(planService(contract, t.naming, t.queues).topology);
}
