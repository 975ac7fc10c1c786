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
  /** Default body-size limit of received messages for services on this transport. */
  readonly maxBodyBytes: number;
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
  /**
   * Largest body a service on this transport accepts (default 1 MiB). A larger one is
   * dead-lettered as `oversized` without being parsed; `startService` can override it per service.
   */
  readonly maxBodyBytes?: number | undefined;
  readonly logger?: Logger | undefined;
}

/** Received bodies up to 1 MiB are parsed; larger ones are dead-lettered unread. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function makeTransport(wire: Wire, description: string, options: NamingOptions, logger: Logger): Transport {
  const state: TransportInternals = {
    wire,
    naming: { prefix: options.prefix ?? '', params: options.params ?? {} },
    queues: { queueType: options.queueType, deliveryLimit: options.deliveryLimit },
    logger,
    envelope: options.envelope ?? 'structured',
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
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
