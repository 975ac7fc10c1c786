/**
 * Turns a service contract into a plan the runtime can execute: every name resolved (params,
 * prefix), queue arguments derived from each queue's role, validators compiled, and every
 * cross-reference checked before anything touches the broker (see plan-check.ts).
 */
import type { MessageContract, QueueSpec, ServiceContract } from '../../contract.js';
import { ContractError } from '../errors.js';
import { contractParams, fillParams, MissingParameter, resolveName, type Naming } from '../naming.js';
import { validatorFor, type Validator } from '../validation.js';
import type { QueueDeclaration, TopologyDeclaration } from '../wire.js';
import { checkContract } from './plan-check.js';
import { bridgedReceives, planBridges, type BridgedReceive, type PlannedBridge } from './versions.js';

/** Deployment-wide queue settings that override the contract: classic and quorum are one option apart. */
export interface QueueOverrides {
  readonly queueType?: 'classic' | 'quorum' | undefined;
  /** RabbitMQ `x-delivery-limit` for quorum main queues. */
  readonly deliveryLimit?: number | undefined;
}

export interface PlannedMessage {
  /** Key in `sends` / `receives` (the generated method or handler name). */
  readonly key: string;
  readonly id: string;
  readonly version: string;
  /** `<id>@<version>`, used in every error and log line about this message. */
  readonly label: string;
  readonly major: string;
  readonly kind: MessageContract['kind'];
  readonly exchange: string;
  readonly routingKey: string;
  readonly validate: Validator;
  readonly validateResponse: Validator;
  /** Queries: the error names the handler may refuse with. */
  readonly errors: ReadonlySet<string>;
  /** Older majors bridged while other services pin them (versions.ts); empty for most messages. */
  readonly bridges: readonly PlannedBridge[];
}

export interface ServicePlan {
  readonly service: string;
  /** Resolved main queue; undefined for a service that receives nothing. */
  readonly queue: string | undefined;
  readonly deadLetterQueue: string | undefined;
  /** Retry queue per attempt: `retryQueues[n]` takes the message after its (n+1)-th failure. */
  readonly retryQueues: readonly string[];
  /** Resolved queue of each business dead letter, by its catalog name. */
  readonly businessDeadLetters: ReadonlyMap<string, string>;
  readonly topology: TopologyDeclaration;
  readonly sends: ReadonlyMap<string, PlannedMessage>;
  readonly receives: readonly PlannedMessage[];
  /** Older majors of received commands and queries, accepted and upcast for the current handler. */
  readonly bridged: readonly BridgedReceive[];
}

export function majorOf(version: string): string {
  return version.split('.')[0] ?? version;
}

export function planService(contract: ServiceContract, naming: Naming, overrides: QueueOverrides = {}): ServicePlan {
  const service = contract.service.id;
  const problems = checkContract(contract);
  if (problems.length > 0) throw new ContractError('invalid-contract', service, problems);
  try {
    // Placeholders the transport's params leave open take CATWIRE_ENV or the catalog's default.
    return buildPlan(contract, { prefix: naming.prefix, params: contractParams(naming.params, contract.parameters) }, overrides);
  } catch (err) {
    if (err instanceof MissingParameter) throw new ContractError('missing-parameter', service, [err.message]);
    throw err;
  }
}

function buildPlan(contract: ServiceContract, naming: Naming, overrides: QueueOverrides): ServicePlan {
  const name = (template: string) => resolveName(template, naming);
  const key = (template: string) => fillParams(template, naming.params);
  const receives = Object.entries(contract.receives).map(([k, m]) => planMessage(k, m, name, key));
  const specs = contract.topology.queues;
  const main = receives.length > 0 ? name(contract.queue) : undefined;
  const dlqSpec = specs.find((q) => q.role === 'dead-letter');
  const deadLetterQueue = main !== undefined && dlqSpec ? name(dlqSpec.name) : undefined;
  const retrySpecs = specs.filter((q) => q.role === 'retry');
  const retryQueues = main === undefined ? [] : contract.retry.delaysMs.map((delay) => name(retrySpecs.find((q) => q.delayMs === delay)?.name ?? ''));
  const queueArgs = (spec: QueueSpec): QueueDeclaration => {
    const args: Record<string, unknown> = {};
    const type = overrides.queueType ?? spec.type;
    if (type === 'quorum') args['x-queue-type'] = 'quorum';
    if (spec.role === 'main' && deadLetterQueue !== undefined) {
      // Broker-side dead-lettering (reject without requeue, quorum delivery limit) lands in the DLQ too.
      args['x-dead-letter-exchange'] = '';
      args['x-dead-letter-routing-key'] = deadLetterQueue;
      const limit = overrides.deliveryLimit ?? spec.deliveryLimit;
      if (type === 'quorum' && limit !== undefined) args['x-delivery-limit'] = limit;
    }
    if (spec.role === 'retry' && main !== undefined) {
      // Per-queue TTL (not per-message expiration) so one slow delay never blocks a shorter one.
      args['x-message-ttl'] = spec.delayMs;
      args['x-dead-letter-exchange'] = '';
      args['x-dead-letter-routing-key'] = main;
    }
    return { name: name(spec.name), durable: true, arguments: args };
  };
  const t = contract.topology;
  return {
    service: contract.service.id,
    queue: main,
    deadLetterQueue,
    retryQueues,
    businessDeadLetters: new Map(main === undefined ? [] : Object.entries(contract.businessDeadLetters ?? {}).map(([n, d]) => [n, name(d.queue)])),
    topology: {
      exchanges: t.exchanges.map((e) => ({ name: name(e.name), type: e.type, durable: e.durable })),
      queues: specs.map(queueArgs),
      bindings: t.bindings.map((b) => ({ exchange: name(b.exchange), queue: name(b.queue), routingKey: key(b.routingKey) })),
    },
    sends: new Map(Object.entries(contract.sends).map(([k, m]) => [k, planMessage(k, m, name, key)])),
    receives,
    bridged: bridgedReceives(receives),
  };
}

type Resolve = (template: string) => string;

function planMessage(key: string, m: MessageContract, name: Resolve, routingKey: Resolve): PlannedMessage {
  return {
    key,
    id: m.id,
    version: m.version,
    label: `${m.id}@${m.version}`,
    major: majorOf(m.version),
    kind: m.kind,
    exchange: name(m.exchange),
    routingKey: routingKey(m.routingKey),
    validate: validatorFor(m.schema),
    validateResponse: validatorFor(m.responseSchema),
    errors: new Set(m.kind === 'query' ? (m.errors ?? []) : []),
    bridges: planBridges(m, routingKey),
  };
}
