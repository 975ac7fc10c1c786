/**
 * The support module of the generated contract tests: which transport they run on, a name
 * prefix and clean-up per run on RabbitMQ, handlers that record what arrives, and the checks
 * whose failure messages name the file to change. Plain code over the runtime's public entry;
 * the test files and their `<service>.payloads.ts` modules hold the catalog's data.
 */
import { str } from './text.js';

export interface ContractTestSupportView {
  readonly runtimeImport: string;
  /** A value for every `{param}` placeholder the contracts use. */
  readonly params: Readonly<Record<string, string>>;
}

export function renderContractTestSupport(view: ContractTestSupportView): string {
  const params = Object.entries(view.params).map(([k, v]) => `${str(k)}: ${str(v)}`);
  return `import { randomBytes, randomUUID } from "node:crypto";
import {
  createMemoryTransport,
  createRabbitTransport,
  deleteTopology,
  isCatwireError,
  isQueryRefused,
  startService,
  type DeliveryInfo,
  type Envelope,
  type HandlerContext,
  type Handlers,
  type LogFields,
  type Logger,
  type SendOptions,
  type Service,
  type ServiceContract,
  type Transport,
} from ${str(view.runtimeImport)};

/** Values for the \`{param}\` placeholders of the catalog's channel addresses. */
const PARAMS: Readonly<Record<string, string>> = { ${params.join(', ')} };
const RECEIVE_TIMEOUT_MS = 5_000;

/** \`CATWIRE_TRANSPORT\`: \`memory\` (the default) or \`rabbitmq\`, which connects to \`AMQP_URL\`. */
export function contractTransport(): "memory" | "rabbitmq" {
  const kind = process.env["CATWIRE_TRANSPORT"] || "memory";
  if (kind !== "memory" && kind !== "rabbitmq") throw new Error("CATWIRE_TRANSPORT=" + kind + " — unknown transport. Set it to memory or rabbitmq.");
  return kind;
}

export interface ContractRun {
  readonly transport: Transport;
  /** An exchange name as the catalog implies it, resolved as the runtime resolves it (params, then this run's prefix). */
  exchange(template: string): string;
  /** A queue name, resolved the same way. */
  queue(template: string): string;
  routingKey(template: string): string;
  /** Where the runtime dead-lettered message \`messageId\` (the queue, once the broker confirmed the copy). */
  deadLettered(messageId: string): Promise<DeadLettered>;
  /** Stops every service of the run; on RabbitMQ also deletes what the run declared. */
  close(): Promise<void>;
}

const fill = (template: string) => template.replace(/\\{([^{}]+)\\}/g, (match, name: string) => PARAMS[name] ?? match);

export interface DeadLettered {
  readonly queue: string;
  readonly reason: string;
  readonly error: string;
}

/** A logger that stays silent but remembers where each message was dead-lettered (the runtime's \`message-dead-lettered\` event). */
function deadLetterLog(): { logger: Logger; deadLettered(messageId: string): Promise<DeadLettered> } {
  const seen = new Map<string, DeadLettered>();
  const waiting = new Map<string, (d: DeadLettered) => void>();
  const quiet = () => {};
  const warn = (event: string, fields: LogFields = {}) => {
    if (event !== "message-dead-lettered") return;
    const messageId = String(fields["messageId"]);
    const d = { queue: String(fields["queue"]), reason: String(fields["reason"]), error: String(fields["error"]) };
    seen.set(messageId, d);
    waiting.get(messageId)?.(d);
  };
  return {
    logger: { debug: quiet, info: quiet, warn, error: quiet },
    deadLettered(messageId) {
      const d = seen.get(messageId);
      if (d) return Promise.resolve(d);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(messageId);
          reject(new Error("message " + messageId + " was not dead-lettered within " + RECEIVE_TIMEOUT_MS + " ms."));
        }, RECEIVE_TIMEOUT_MS);
        waiting.set(messageId, (found) => {
          clearTimeout(timer);
          resolve(found);
        });
      });
    },
  };
}

export async function openContractRun(contracts: readonly ServiceContract[]): Promise<ContractRun> {
  const log = deadLetterLog();
  if (contractTransport() === "memory") {
    const transport = createMemoryTransport({ params: PARAMS, logger: log.logger });
    return { transport, exchange: fill, queue: fill, routingKey: fill, deadLettered: log.deadLettered, close: () => transport.close() };
  }
  const url = process.env["AMQP_URL"];
  if (!url) throw new Error("CATWIRE_TRANSPORT=rabbitmq — AMQP_URL is not set. Point it at a broker, e.g. AMQP_URL=amqp://guest:guest@localhost:5672.");
  // A prefix of its own, so that parallel runs and a shared broker's other users never meet.
  const prefix = "contract-" + randomBytes(4).toString("hex") + ".";
  const options = { url, prefix, params: PARAMS, logger: log.logger, connectionName: "catwire contract tests" };
  const transport = await createRabbitTransport(options);
  return {
    transport,
    exchange: (template) => (fill(template) === "" || fill(template).startsWith("amq.") ? fill(template) : prefix + fill(template)),
    queue: (template) => prefix + fill(template),
    routingKey: fill,
    deadLettered: log.deadLettered,
    async close() {
      // Closing stops the services first: their queues are deleted once nobody consumes them.
      await transport.close();
      const cleanup = await createRabbitTransport(options);
      try {
        for (const contract of contracts) await deleteTopology(cleanup, contract);
      } finally {
        await cleanup.close();
      }
    },
  };
}

export function newMessageId(): string {
  return randomUUID();
}

export interface Received {
  readonly payload: unknown;
  readonly envelope: Envelope;
  readonly delivery: DeliveryInfo;
}

export interface Recorder<C extends ServiceContract> {
  /** One handler per received message: records it and answers queries with the given reply. */
  readonly handlers: Handlers<C>;
  /**
   * Starts the contract's service with the recording handlers (through the runtime, not the
   * generated start function, which may require the handlers' deps: recorders need none).
   */
  start(transport: Transport): Promise<Service<C>>;
  /** The message \`messageId\` as handled by \`key\`, once it has arrived. */
  next(key: string, messageId: string): Promise<Received>;
  /** Makes the handler refuse the query \`messageId\` with \`reason\` (\`ctx.refuse\`). */
  refuse(messageId: string, reason: string): void;
  /** Makes the handler fail message \`messageId\` permanently to business dead letter \`deadLetter\` (\`ctx.fail\`). */
  fail(messageId: string, deadLetter: string): void;
}

export function recorder<C extends ServiceContract>(contract: C, replies: Readonly<Record<string, unknown>> = {}): Recorder<C> {
  const seen = new Map<string, Received>();
  const waiting = new Map<string, (received: Received) => void>();
  const failures = new Map<string, { refuse: string } | { deadLetter: string }>();
  const handlers: Record<string, (payload: unknown, ctx: HandlerContext<C>) => unknown> = {};
  for (const key of Object.keys(contract.receives)) {
    handlers[key] = (payload, ctx) => {
      const id = key + " " + ctx.envelope.messageId;
      const received = { payload, envelope: ctx.envelope, delivery: ctx.delivery };
      seen.set(id, received);
      waiting.get(id)?.(received);
      const failure = failures.get(ctx.envelope.messageId);
      // The names come from the catalog, as the generated tests pass them; the compiler cannot see that here.
      if (failure && "refuse" in failure) throw ctx.refuse(failure.refuse as never, "refused by the contract test", { messageId: ctx.envelope.messageId });
      if (failure) throw ctx.fail("failed by the contract test", { deadLetter: failure.deadLetter as never });
      return replies[key];
    };
  }
  const service = contract.service.name + " (" + contract.service.id + ")";
  return {
    handlers: handlers as unknown as Handlers<C>,
    refuse: (messageId, reason) => void failures.set(messageId, { refuse: reason }),
    fail: (messageId, deadLetter) => void failures.set(messageId, { deadLetter }),
    start: (transport) => startService(transport, contract, { handlers: handlers as unknown as Handlers<C> }),
    next(key, messageId) {
      const id = key + " " + messageId;
      const received = seen.get(id);
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(service + " " + key + " — message " + messageId + " did not arrive within " + RECEIVE_TIMEOUT_MS + " ms. Sender and receiver must name the same message version and channel in the catalog; regenerate after fixing it."));
        }, RECEIVE_TIMEOUT_MS);
        waiting.set(id, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
  };
}

/** A producer method of any payload type. */
export type SendMethod = (payload: never, options?: SendOptions) => Promise<unknown>;

export interface NamedPayload {
  readonly name: string;
  readonly payload: unknown;
}

/**
 * Sends each payload through the producer: the runtime validates a payload before anything
 * leaves, with the very schema the receivers validate with.
 */
export async function assertValidPayloads(send: SendMethod | undefined, label: string, payloads: readonly NamedPayload[]): Promise<void> {
  if (typeof send !== "function") throw new Error(label + " — the producer has no method for it. Run npx catwire generate.");
  const invalid: string[] = [];
  for (const { name, payload } of payloads) {
    try {
      await (send as (payload: unknown) => Promise<unknown>)(payload);
    } catch (error) {
      // Only the payload is checked here; where it goes is the exchange tests' business.
      if (isCatwireError(error, "invalid-payload")) invalid.push("  " + name + ": " + error.message);
    }
  }
  if (invalid.length > 0) throw new Error(label + " — " + invalid.length + " of " + payloads.length + " payloads do not validate against its schema:\\n" + invalid.join("\\n"));
}

export function sendSample(send: SendMethod, payload: unknown, messageId: string): Promise<unknown> {
  return (send as (payload: unknown, options: SendOptions) => Promise<unknown>)(payload, { messageId });
}

/** Fails unless the request rejects with the query's typed refusal \`reason\`. */
export async function assertRefused(request: Promise<unknown>, label: string, reason: string): Promise<void> {
  let outcome: unknown;
  try {
    outcome = await request;
  } catch (error) {
    if (isQueryRefused(error) && error.reason === reason) return;
    throw new Error(label + " — a refusal with " + reason + " did not reach the requester as QueryRefusedError(" + reason + "), but as: " + String(error) + ". Sender and receiver must name the same message version; regenerate after fixing it.");
  }
  throw new Error(label + " — a refusal with " + reason + " reached the requester as a reply: " + JSON.stringify(outcome) + ".");
}

/** Fails unless message \`messageId\` was dead-lettered to \`queue\` as a permanent failure. */
export async function assertDeadLettered(run: ContractRun, messageId: string, label: string, queue: string): Promise<void> {
  const d = await run.deadLettered(messageId);
  if (d.queue !== queue || d.reason !== "permanent-failure") {
    throw new Error(label + " — a permanent failure meant for " + queue + " went to " + d.queue + " (" + d.reason + ": " + d.error + "). The service's businessDeadLetters in the catalog and its generated contract must agree; regenerate.");
  }
}

export interface ExpectedHandler {
  readonly key: string;
  /** The handler's own file and the service's index, relative to the project. */
  readonly file: string;
  readonly index: string;
  /** The message the untouched stub throws. */
  readonly stub: string;
  readonly service: string;
  /** The service's catalog entry, where \`externalSystem: true\` would go. */
  readonly catalogFile: string;
}

/**
 * Fails when the handler is missing or still the generated stub. The stub is recognised by its
 * source, not by calling it: a real handler needs the application's wiring (databases,
 * registries) and may have effects, while the stub's body is the one statement catwire wrote,
 * so its exact message identifies it. Transpilers may escape non-ASCII text, hence both forms.
 */
export function assertHandled(handlers: Readonly<Record<string, unknown>>, expected: ExpectedHandler): void {
  const handler = handlers[expected.key];
  if (typeof handler !== "function") {
    throw new Error(expected.index + " " + expected.key + " — not exported, so nothing handles it. Run npx catwire generate to create its stub (" + expected.file + "), then implement it.");
  }
  const source = Function.prototype.toString.call(handler);
  const ascii = expected.stub.replace(/[^\\x20-\\x7e]/g, (c) => "\\\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  if (source.includes(expected.stub) || source.includes(ascii)) {
    throw new Error(
      expected.file + " " + expected.key + " — still the generated stub: it throws \\"" + expected.stub + "\\". Implement it there, or set externalSystem: true in " + expected.catalogFile + " if " + expected.service + " is built outside this project.",
    );
  }
}
`;
}
