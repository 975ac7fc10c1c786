/**
 * RabbitMQ decisions: which exchange a message travels on, its routing key, and each
 * service's queue settings, from channels and the catalog's `x-amqp` extension keys.
 *
 * Conventions (documented in the README):
 * - a message travels on one exchange: the address of the first channel named for it (a
 *   sender's `to`, a receiver's `from`, the message's legacy `channels`), else a default
 *   per kind (`catwire.events`, `catwire.commands`, `catwire.queries`);
 * - exchange type from the channel's `x-amqp.exchange.type`, else topic for events and direct
 *   for commands and queries; routing key from the message's `x-amqp.routingKey`, else
 *   `<message-id>.v<major>`.
 */
import semver from 'semver';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Channel, ChannelParameter, ChannelUse, ExchangeType, Message, MessageKind, Service } from './types.js';

export const DEFAULT_EXCHANGE: Readonly<Record<MessageKind, string>> = {
  event: 'catwire.events',
  command: 'catwire.commands',
  query: 'catwire.queries',
};

const EXCHANGE_TYPES = new Set<string>(['topic', 'direct', 'fanout', 'headers']);

export interface Exchange {
  readonly name: string;
  readonly type: ExchangeType;
  readonly durable: boolean;
  /** The channel's definitions of the `{param}` placeholders left in the name (the runtime fills them). */
  readonly parameters: Readonly<Record<string, ChannelParameter>>;
}

export interface ServiceQueueSettings {
  readonly type: 'classic' | 'quorum';
  readonly deliveryLimit: number | undefined;
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
}

export const DEFAULT_QUEUE_SETTINGS: ServiceQueueSettings = {
  type: 'classic',
  deliveryLimit: undefined,
  prefetch: 20,
  retryDelaysMs: [1000, 5000, 30000],
};

type Extension = Readonly<Record<string, unknown>>;

function amqpExtension(resource: { readonly extensions: Extension }): Extension {
  const value = resource.extensions['x-amqp'];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Extension) : {};
}

function invalid(resource: { readonly file: string }, field: string, message: string, fix: string): Diagnostic {
  return diagnostic('invalid-extension', { file: resource.file, field, message, fix });
}

/** The exchange a channel stands for, with its address parameters bound where the pointer binds them. */
export function channelExchange(use: ChannelUse, kind: MessageKind, diagnostics: Diagnostic[]): Exchange | undefined {
  const channel = use.target;
  if (!channel) return undefined;
  const name = bindParameters(channel.address ?? channel.id, use.parameters);
  const declared = (amqpExtension(channel).exchange ?? {}) as Extension;
  let type: ExchangeType = kind === 'event' ? 'topic' : 'direct';
  if (declared.type !== undefined) {
    if (typeof declared.type === 'string' && EXCHANGE_TYPES.has(declared.type)) type = declared.type as ExchangeType;
    else {
      diagnostics.push(
        invalid(channel, 'x-amqp.exchange.type', `exchange type ${JSON.stringify(declared.type)} is not one RabbitMQ knows`, 'Use topic, direct, fanout or headers'),
      );
    }
  }
  return { name, type, durable: declared.durable !== false, parameters: openParameters(name, channel.parameters) };
}

/** The parameters a name still has placeholders for, as the channel defines them (sorted by name). */
function openParameters(name: string, defined: Readonly<Record<string, ChannelParameter>>): Record<string, ChannelParameter> {
  const open = [...new Set([...name.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))].sort();
  return Object.fromEntries(open.flatMap((p) => (defined[p] ? [[p, defined[p]]] : [])));
}

function bindParameters(address: string, parameters: Readonly<Record<string, string>>): string {
  return address.replace(/\{([^}]+)\}/g, (whole, name: string) => parameters[name] ?? whole);
}

export function routingKey(message: Message, diagnostics: Diagnostic[]): string {
  const declared = amqpExtension(message).routingKey;
  if (typeof declared === 'string' && declared !== '') return declared;
  if (declared !== undefined) {
    diagnostics.push(invalid(message, 'x-amqp.routingKey', 'the routing key must be a non-empty string', 'Write it as a string, or remove it to use <message-id>.v<major>'));
  }
  const major = semver.valid(message.version) ? semver.major(message.version) : (semver.coerce(message.version)?.major ?? 0);
  return `${message.id}.v${major}`;
}

export function queueSettings(service: Service, diagnostics: Diagnostic[]): ServiceQueueSettings {
  const ext = amqpExtension(service);
  const queue = (ext.queue ?? {}) as Extension;
  const settings = { ...DEFAULT_QUEUE_SETTINGS };
  if (queue.type !== undefined) {
    if (queue.type === 'classic' || queue.type === 'quorum') settings.type = queue.type;
    else diagnostics.push(invalid(service, 'x-amqp.queue.type', `queue type ${JSON.stringify(queue.type)} is not supported`, 'Use classic or quorum'));
  }
  if (queue.deliveryLimit !== undefined) {
    if (isPositiveInt(queue.deliveryLimit)) settings.deliveryLimit = queue.deliveryLimit;
    else diagnostics.push(invalid(service, 'x-amqp.queue.deliveryLimit', 'the delivery limit must be a positive integer', 'Write a whole number such as 10'));
  }
  if (ext.prefetch !== undefined) {
    if (isPositiveInt(ext.prefetch)) settings.prefetch = ext.prefetch;
    else diagnostics.push(invalid(service, 'x-amqp.prefetch', 'prefetch must be a positive integer', 'Write a whole number such as 20'));
  }
  const retry = (ext.retry ?? {}) as Extension;
  if (retry.delaysMs !== undefined) {
    if (Array.isArray(retry.delaysMs) && retry.delaysMs.every(isPositiveInt)) settings.retryDelaysMs = retry.delaysMs;
    else diagnostics.push(invalid(service, 'x-amqp.retry.delaysMs', 'retry delays must be a list of positive integers (milliseconds)', 'Write e.g. [1000, 5000, 30000], or [] for no retries'));
  }
  return settings;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** True when the channel is meant for RabbitMQ (or says nothing about its protocol). */
export function isAmqpChannel(channel: Channel | undefined): boolean {
  return channel !== undefined && (channel.protocols.length === 0 || channel.protocols.includes('amqp'));
}
