/**
 * catwire runtime — the only module generated code and applications import.
 * Explicit, named exports only; everything under `internal/` may change without notice.
 * Conventions (names, headers, retry and dead-letter behaviour): docs/runtime.md.
 */

// The contract: plain data emitted by `catwire generate`.
export { defineMessage } from './contract.js';
export type {
  BindingSpec,
  BusinessDeadLetterSpec,
  ExchangeSpec,
  ExchangeType,
  JsonSchema,
  MessageContract,
  MessageKind,
  ParameterSpec,
  PayloadOf,
  QueryErrorOf,
  QueueRole,
  QueueSpec,
  ResponseOf,
  RetryPolicy,
  ServiceContract,
  Topology,
  VersionBridge,
} from './contract.js';

// Transports.
export { createTransport } from './internal/create-transport.js';
export type { TransportOptions } from './internal/create-transport.js';
export { createRabbitTransport } from './internal/rabbit/rabbit-transport.js';
export type { RabbitTransportOptions } from './internal/rabbit/rabbit-transport.js';
export type { ReconnectOptions } from './internal/rabbit/connection.js';
export { createMemoryTransport } from './internal/memory/memory-transport.js';
export type { MemoryTransportOptions } from './internal/memory/memory-transport.js';
export type { NamingOptions, Transport } from './internal/transport.js';

// Services: typed producers and handlers derived from a contract.
export { deleteTopology, startService } from './internal/service/service.js';
export type { Service, ServiceOptions } from './internal/service/service.js';
export type {
  BusinessDeadLetterOf,
  DeliveryInfo,
  FailOptions,
  Handler,
  HandlerContext,
  HandlerResult,
  Handlers,
  Producer,
  ProducerMethod,
  ReceivedQueryErrorOf,
  RequestOptions,
  SendOptions,
} from './internal/service/types.js';
export { EXTENSIONS, HEADERS } from './internal/envelope.js';
export type { AssignedAttribute, Envelope, EnvelopeMode } from './internal/envelope.js';

// OpenTelemetry (through @opentelemetry/api; an application registers the SDK).
export type { TelemetryOptions } from './internal/telemetry.js';

// Idempotent handling.
export { createMemoryIdempotencyStore } from './internal/idempotency.js';
export type { IdempotencyStore } from './internal/idempotency.js';

// Errors.
export {
  CastError,
  CatwireError,
  ConnectionError,
  ContractError,
  isCatwireError,
  isQueryRefused,
  PermanentFailure,
  PublishError,
  QueryRefusal,
  QueryRefusedError,
  RequestError,
  ValidationError,
} from './internal/errors.js';
export type { CatwireErrorCode, ValidationIssue } from './internal/errors.js';

// Logging.
export { createJsonLogger, redactUrl, silentLogger } from './internal/log.js';
export type { LogFields, Logger, LogLevel } from './internal/log.js';
