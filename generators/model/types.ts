/**
 * The contract model: the one neutral description of a catalog that every later stage reads.
 * Emitters and the CLI never look at frontmatter again; what is here is resolved (ids,
 * versions, channels, owners) and what could not be resolved is `undefined` with a
 * diagnostic explaining why.
 *
 *   Catalog ─┬─ domains ── subdomains, systems, services (members)
 *            ├─ services ── sends / receives: MessageUse ──► Message ──► SchemaAttachment
 *            │                                 └─ channels: ChannelUse ──► Channel
 *            ├─ messages (events, commands, queries; every version)
 *            └─ channels, flows, entities, containers, teams, users
 */
import type { Derivation } from './casters.js';
import type { Collection, LoadedExample, SchemaFormat, SpecOperation, SpecType } from '../load/types.js';

export type { Collection } from '../load/types.js';

export type MessageKind = 'event' | 'command' | 'query';

export interface Deprecation {
  readonly message: string | undefined;
  /** ISO date from the catalog; deprecation takes effect on that day. */
  readonly date: string | undefined;
  /** True when no date is given or the date has passed (EventCatalog's `hasDeprecated`). */
  readonly inEffect: boolean;
}

export interface ResourceBase {
  readonly collection: Collection;
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly summary: string | undefined;
  /** The index.mdx, relative to the catalog root. */
  readonly file: string;
  readonly dir: string;
  /** In a `versioned/` folder. */
  readonly versioned: boolean;
  /** The highest version of this id (EventCatalog core's `latest`). */
  readonly latest: boolean;
  readonly owners: readonly string[];
  readonly deprecated: Deprecation | undefined;
  readonly draft: boolean;
  /** Top-level `x-` keys, verbatim. */
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** A pointer as written (`{id, version}`) and what it resolved to. */
export interface Ref<T extends ResourceBase = ResourceBase> {
  readonly id: string;
  /** As written; `latest` when omitted. */
  readonly version: string;
  readonly target: T | undefined;
}

export interface SchemaAttachment {
  readonly file: string;
  readonly format: SchemaFormat;
  readonly content: unknown;
}

export interface Message extends ResourceBase {
  readonly collection: MessageKind;
  readonly kind: MessageKind;
  readonly schema: SchemaAttachment | undefined;
  /** True when the message names a schema file (which may still be missing or unreadable). */
  readonly declaresSchema: boolean;
  /** Queries: the reply schema (`x-response-schema`). */
  readonly responseSchema: SchemaAttachment | undefined;
  readonly examples: readonly LoadedExample[];
  /** HTTP metadata written by EventCatalog's OpenAPI generator. */
  readonly operation: { readonly method?: string; readonly path?: string; readonly statusCodes?: readonly string[] } | undefined;
  /** The legacy message→channel mapping (`channels:` on the message). */
  readonly channels: readonly ChannelUse[];
}

export interface ChannelParameter {
  readonly enum: readonly string[] | undefined;
  readonly default: string | undefined;
  readonly description: string | undefined;
}

export interface Channel extends ResourceBase {
  readonly collection: 'channel';
  /** Address template, e.g. `orders.{env}.events`. */
  readonly address: string | undefined;
  readonly protocols: readonly string[];
  readonly parameters: Readonly<Record<string, ChannelParameter>>;
  readonly routes: readonly Ref<Channel>[];
}

export interface ChannelUse extends Ref<Channel> {
  /** Values bound to address parameters by the pointer. */
  readonly parameters: Readonly<Record<string, string>>;
}

export interface MessageUse extends Ref<Message> {
  readonly direction: 'sends' | 'receives';
  /** Where the pointer is in its resource's frontmatter, e.g. `['receives', 2]`. */
  readonly path: readonly (string | number)[];
  /** `to` for sends, `from` for receives. */
  readonly channels: readonly ChannelUse[];
  /** Schema fields the consumer uses (`fields:`). */
  readonly fields: readonly string[] | undefined;
}

/** One side of a major mismatch: a latest service's pointer and the message version it resolved to. */
export interface VersionedUse {
  readonly service: Service;
  readonly use: MessageUse;
  readonly message: Message;
  readonly major: number;
}

/**
 * A receiver pinned to one major of a message whose senders (some or all) send another: each
 * major travels under its own routing key, so the receiver's queue is never bound for theirs.
 */
export interface MajorMismatch {
  readonly messageId: string;
  readonly kind: MessageKind;
  readonly receiver: VersionedUse;
  /** The senders of other majors, in service id order. */
  readonly senders: readonly VersionedUse[];
  /** True when no sender at all sends the receiver's major. */
  readonly none: boolean;
}

/** A service that still uses an older major of a message: where it says so. */
export interface MigrationPin {
  readonly service: Service;
  readonly use: MessageUse;
  /** The catalog file and frontmatter field of the pointer, e.g. `receives[0].version`. */
  readonly file: string;
  readonly field: string;
  readonly line: number | undefined;
}

/**
 * A function from one version's payload to another's. `downcast` (newer → older) serves an
 * event's old receivers and a query's old callers' replies; `upcast` (older → newer) turns an old
 * sender's command or query into the type the one handler takes.
 */
export interface CasterPlan {
  readonly direction: 'downcast' | 'upcast';
  readonly from: Message;
  readonly to: Message;
  /** Of the payload, or (a query's reply caster) of the response. */
  readonly part: 'payload' | 'reply';
  /** Derived from the two schemas: generated. Otherwise the `reason`, and a user-owned stub. */
  readonly derivation: Derivation;
  /** Exported function name, e.g. `downcastOrderPlacedV2ToV1`. */
  readonly functionName: string;
  /**
   * `casters/order-placed-v2-to-v1`, without extension: relative to the output folder when
   * generated, to the handlers folder when user-written.
   */
  readonly module: string;
  readonly owner: 'generated' | 'user';
  /**
   * Needed only in some projects (an event's upcaster: records of the old major kept across an
   * upgrade, such as outbox rows). Where not derivable, no stub is made and `check` does not
   * ask for it; a file the user writes at `module` is used.
   */
  readonly optional?: true;
}

/** One older major kept alive by the services that still pin it. */
export interface MigrationOldMajor {
  readonly message: Message;
  readonly major: number;
  /** In service id order. */
  readonly pins: readonly MigrationPin[];
  /** Events: downcast current → old. Commands and queries: upcast old → current. */
  readonly caster: CasterPlan;
  /** Queries: the reply, downcast current → old for the old caller. */
  readonly replyCaster: CasterPlan | undefined;
  /** Events: upcast old → current, for records of the old major published after an upgrade (optional). */
  readonly recordCaster?: CasterPlan | undefined;
}

/**
 * A breaking change in flight: the owner of a message's schema (an event's senders, a command's
 * or query's receiver) is on a newer major while other services still pin older ones. Generated
 * code bridges the two until the last pin moves (see docs/versions.md).
 */
export interface Migration {
  readonly messageId: string;
  readonly kind: MessageKind;
  /** The version the owners use. */
  readonly current: Message;
  readonly major: number;
  /** Who bridges: an event's senders on `current`, or the command's/query's receiver. In id order. */
  readonly owners: readonly Service[];
  /** Oldest major first. */
  readonly old: readonly MigrationOldMajor[];
}

export interface SpecAttachment {
  readonly type: SpecType;
  readonly name: string | undefined;
  readonly file: string;
  readonly version: string | undefined;
  /** Parsed and dereferenced; `undefined` when it failed to load. */
  readonly document: unknown;
  /** AsyncAPI only: its operations as the parser exposes them. */
  readonly operations: readonly SpecOperation[] | undefined;
}

export interface Service extends ResourceBase {
  readonly collection: 'service';
  readonly sends: readonly MessageUse[];
  readonly receives: readonly MessageUse[];
  readonly specifications: readonly SpecAttachment[];
  readonly externalSystem: boolean;
  readonly writesTo: readonly Ref[];
  readonly readsFrom: readonly Ref[];
}

export interface Domain extends ResourceBase {
  readonly collection: 'domain';
  readonly subdomains: readonly Ref<Domain>[];
  readonly services: readonly Ref<Service>[];
  readonly systems: readonly Ref[];
  readonly sends: readonly MessageUse[];
  readonly receives: readonly MessageUse[];
  readonly specifications: readonly SpecAttachment[];
}

export interface System extends ResourceBase {
  readonly collection: 'system';
  readonly services: readonly Ref<Service>[];
  readonly containers: readonly Ref[];
}

export interface Flow extends ResourceBase {
  readonly collection: 'flow';
  readonly steps: readonly FlowStep[];
}

export interface FlowStep {
  readonly id: string;
  readonly title: string;
  readonly message: Ref<Message> | undefined;
  readonly service: Ref<Service> | undefined;
  readonly next: readonly { readonly id: string; readonly label: string | undefined }[];
}

/** Entities, containers, agents, data products, ADRs and diagrams: carried, not interpreted. */
export interface OtherResource extends ResourceBase {
  readonly frontmatter: Readonly<Record<string, unknown>>;
}

export interface Person {
  readonly collection: 'team' | 'user';
  readonly id: string;
  readonly name: string;
  readonly file: string;
}

export interface CatalogSummary {
  readonly domains: number;
  readonly services: number;
  readonly events: number;
  readonly commands: number;
  readonly queries: number;
  readonly channels: number;
  readonly flows: number;
  readonly entities: number;
  readonly containers: number;
}

export interface CatalogModel {
  readonly root: string;
  /** Every version of every resource, sorted by collection, id and version. */
  readonly domains: readonly Domain[];
  readonly systems: readonly System[];
  readonly services: readonly Service[];
  readonly messages: readonly Message[];
  readonly channels: readonly Channel[];
  readonly flows: readonly Flow[];
  readonly others: readonly OtherResource[];
  readonly people: readonly Person[];
  /** Counts of latest versions. */
  readonly summary: CatalogSummary;
  /** Receivers that never get a message from some of its senders, because those send another major and no migration bridges it (CW013). */
  readonly majorMismatches: readonly MajorMismatch[];
  /** Breaking changes in flight that generated code bridges (CW030), by message id and current version. */
  readonly migrations: readonly Migration[];
  /** What `catwire generate` emits, with every name decided. */
  readonly codegen: CodegenPlan;
}

/* ---------------------------------------------------------------------------------------------
 * Code generation plan: every name, file, exchange, queue and routing key decided once, here.
 * ------------------------------------------------------------------------------------------- */

export type ExchangeType = 'topic' | 'direct' | 'fanout' | 'headers';

/** The TypeScript type generated for one message version. */
export interface TypePlan {
  readonly message: Message;
  /** Payload type name, e.g. `OrderCreated`. */
  readonly typeName: string;
  /** Reply type name for queries, e.g. `GetOrderResponse`. */
  readonly responseTypeName: string | undefined;
  /** Name of the exported JSON Schema constants, e.g. `orderCreatedSchema`. */
  readonly schemaName: string;
  readonly responseSchemaName: string | undefined;
  /** Module path relative to the output folder, without extension, e.g. `types/order-created`. */
  readonly module: string;
  /** Queries: the errors the handler may refuse with (`x-errors`, or the default); undefined otherwise. */
  readonly queryErrors: readonly QueryErrorPlan[] | undefined;
}

/** A typed error a query's handler may answer with (`ctx.refuse`). */
export interface QueryErrorPlan {
  readonly name: string;
  readonly description: string | undefined;
}

/** A named queue for a service's permanent failures (`x-amqp.businessDeadLetters`). */
export interface BusinessDeadLetterPlan {
  readonly name: string;
  readonly queue: string;
  readonly description: string | undefined;
}

export interface MessagePlan {
  /** Property name in the contract and method / handler name, e.g. `publishOrderCreated`. */
  readonly key: string;
  readonly type: TypePlan;
  readonly exchange: string;
  readonly exchangeType: ExchangeType;
  readonly routingKey: string;
  /**
   * Older majors this service bridges while other services pin them (model.migrations): an
   * event it also publishes downcast, a command or query it also receives and upcasts. Oldest first.
   */
  readonly bridges: readonly BridgePlan[];
}

/** One older major a sent or received message is bridged to, on the message's exchange. */
export interface BridgePlan {
  readonly old: MigrationOldMajor;
  readonly type: TypePlan;
  readonly routingKey: string;
}

export interface ReceivePlan extends MessagePlan {
  /** The handler stub, relative to the handlers folder, without extension. */
  readonly stubModule: string;
  /** Exchanges the service's queue is bound on for this message. */
  readonly bindExchanges: readonly string[];
}

export interface QueuePlan {
  readonly name: string;
  readonly role: 'main' | 'retry' | 'dead-letter' | 'business-dead-letter';
  readonly type: 'classic' | 'quorum';
  readonly delayMs?: number;
  readonly deliveryLimit?: number;
}

export interface TopologyPlan {
  readonly exchanges: readonly { readonly name: string; readonly type: ExchangeType; readonly durable: boolean }[];
  readonly queues: readonly QueuePlan[];
  readonly bindings: readonly { readonly exchange: string; readonly queue: string; readonly routingKey: string }[];
}

export interface ServicePlan {
  readonly service: Service;
  /** Folder of the service's generated modules, relative to the output folder. */
  readonly module: string;
  /** Folder of the service's handler stubs, relative to the handlers folder. */
  readonly stubDir: string;
  readonly names: {
    readonly contract: string;
    readonly contractType: string;
    readonly producer: string;
    readonly handlers: string;
    readonly context: string;
    readonly start: string;
  };
  readonly queue: string;
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly sends: readonly MessagePlan[];
  readonly receives: readonly ReceivePlan[];
  readonly topology: TopologyPlan;
  /** Named dead-letter queues for permanent failures; each is also in `topology.queues`. */
  readonly businessDeadLetters: readonly BusinessDeadLetterPlan[];
  /** `{param}` placeholders of the service's names with a catalog default or allowed values. */
  readonly parameters: Readonly<Record<string, { readonly default: string | undefined; readonly enum: readonly string[] | undefined }>>;
}

export interface CodegenPlan {
  readonly types: readonly TypePlan[];
  readonly services: readonly ServicePlan[];
  /** Latest services left out because a message they use does not resolve. */
  readonly skipped: readonly { readonly service: Service; readonly reason: string }[];
}
