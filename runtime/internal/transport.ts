/**
 * The public transport object. Callers see its kind, a redacted description and `close()`;
 * everything the service layer needs (the wire, naming, queue overrides, running services) sits
 * behind a symbol so that it is not part of the API.
 */
import type { EnvelopeMode } from './envelope.js';
import type { Logger } from './log.js';
import type { Naming } from './naming.js';
import type { QueueOverrides } from './service/plan.js';
import type { Wire } from './wire.js';

export const internals: unique symbol = Symbol('catwire.transport');

export interface RunningService {
  stop(): Promise<void>;
}

export interface TransportInternals {
  readonly wire: Wire;
  readonly naming: Naming;
  readonly queues: QueueOverrides;
  readonly logger: Logger;
  readonly envelope: EnvelopeMode;
  readonly services: Set<RunningService>;
  closed: boolean;
}

export interface Transport {
  readonly kind: 'rabbitmq' | 'memory';
  /** The broker URL with its password redacted, or `memory`. */
  readonly description: string;
  /** Stops every service started on this transport (gracefully), then closes the connection. */
  close(): Promise<void>;
  /** @internal */
  readonly [internals]: TransportInternals;
}

/** Options shared by both transports: how names are written and how queues are declared. */
export interface NamingOptions extends QueueOverrides {
  /** Prepended to every exchange and queue name (default empty). */
  readonly prefix?: string | undefined;
  /** Values for `{param}` placeholders in names, e.g. `{ env: 'prod' }`. */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /**
   * CloudEvents content mode of sent messages: `structured` (default; envelope and payload in one
   * JSON body) or `binary` (payload as the body, envelope in AMQP properties and headers).
   * Received messages are read in either mode.
   */
  readonly envelope?: EnvelopeMode | undefined;
  readonly logger?: Logger | undefined;
}

export function makeTransport(wire: Wire, description: string, options: NamingOptions, logger: Logger): Transport {
  const state: TransportInternals = {
    wire,
    naming: { prefix: options.prefix ?? '', params: options.params ?? {} },
    queues: { queueType: options.queueType, deliveryLimit: options.deliveryLimit },
    logger,
    envelope: options.envelope ?? 'structured',
    services: new Set(),
    closed: false,
  };
  let closing: Promise<void> | undefined;
  return {
    kind: wire.kind,
    description,
    [internals]: state,
    close() {
      closing ??= (async () => {
        state.closed = true;
        await Promise.allSettled([...state.services].map((s) => s.stop()));
        await wire.close();
      })();
      return closing;
    },
  };
}
