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
 *
 * Values the broker would refuse at start-up (names beyond 255 bytes, reserved `amq.` names,
 * prefetch, TTL and delivery-limit ranges, wildcard words in a topic routing key) are catalog
 * errors here, so that they surface in `validate` and not in a service that will not start.
 */
import semver from 'semver';
import { withArticle } from '../../templates/english.js';
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

/**
 * Quorum queues are the default because the catalog describes production, and in production a
 * queue should survive the loss of a broker node (Raft-replicated) and bound poison messages (a
 * delivery limit; 20, RabbitMQ 4's own default, which 3.x lacks). A single development node can
 * run classic queues with the runtime's `queueType: 'classic'` without another generation.
 */
export const DEFAULT_QUEUE_SETTINGS: ServiceQueueSettings = {
  type: 'quorum',
  deliveryLimit: 20,
  prefetch: 20,
  retryDelaysMs: [1000, 5000, 30000],
};

type Extension = Readonly<Record<string, unknown>>;

/** AMQP 0-9-1 carries exchange and queue names and routing keys as short strings: 255 bytes at most. */
export const MAX_NAME_BYTES = 255;
/** `basic.qos` prefetch-count is a 16-bit field. */
export const MAX_PREFETCH = 65_535;
/** Retry delays become per-queue message TTLs, which RabbitMQ holds as unsigned 32-bit milliseconds. */
export const MAX_DELAY_MS = 2 ** 32 - 1;
/** `x-delivery-limit` is sent as a signed 32-bit table value. */
export const MAX_DELIVERY_LIMIT = 2 ** 31 - 1;

/**
 * The exchanges every broker declares itself. Declaring one again with its own type succeeds
 * (RabbitMQ only checks equivalence), so a channel may use them; any other `amq.` name is refused.
 */
const PREDECLARED_EXCHANGES: ReadonlyMap<string, ExchangeType> = new Map([
  ['amq.direct', 'direct'],
  ['amq.fanout', 'fanout'],
  ['amq.topic', 'topic'],
  ['amq.headers', 'headers'],
  ['amq.match', 'headers'],
]);

/** What `report` has pushed to each list, so that a hostile catalog's thousands of findings stay linear. */
const reported = new WeakMap<Diagnostic[], Set<string>>();

/** A diagnostic once: the same channel or message is planned for every sender and receiver. */
export function report(diagnostics: Diagnostic[], d: Diagnostic): void {
  let seen = reported.get(diagnostics);
  if (!seen) reported.set(diagnostics, (seen = new Set()));
  const key = `${d.code}\u0000${d.file}\u0000${d.field ?? ''}\u0000${d.message}`;
  if (seen.has(key)) return;
  seen.add(key);
  diagnostics.push(d);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Long names are shown by their start: a 5,000-character id would bury the rest of the line. */
export function shown(name: string): string {
  return JSON.stringify([...name].length > 60 ? `${[...name].slice(0, 60).join('')}…` : name);
}

const grouped = (n: number) => n.toLocaleString('en-US');

function amqpExtension(resource: { readonly extensions: Extension }): Extension {
  const value = resource.extensions['x-amqp'];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Extension) : {};
}

function invalid(resource: { readonly file: string }, field: string, message: string, fix: string): Diagnostic {
  return diagnostic('invalid-extension', { file: resource.file, field, message, fix });
}

function refused(resource: { readonly file: string }, field: string, message: string, fix: string): Diagnostic {
  return diagnostic('broker-refuses-name', { file: resource.file, field, message, fix });
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
      report(
        diagnostics,
        invalid(channel, 'x-amqp.exchange.type', `exchange type ${JSON.stringify(declared.type)} is not one RabbitMQ knows`, 'Use topic, direct, fanout or headers'),
      );
    }
  }
  const exchange = { name, type, durable: declared.durable !== false, parameters: openParameters(name, channel.parameters) };
  checkExchangeName(channel, exchange, diagnostics);
  return exchange;
}

function checkExchangeName(channel: Channel, exchange: Exchange, diagnostics: Diagnostic[]): void {
  const field = channel.address === undefined ? 'id' : 'address';
  const bytes = byteLength(exchange.name);
  if (bytes > MAX_NAME_BYTES) {
    report(
      diagnostics,
      refused(channel, field, `exchange name ${shown(exchange.name)} is ${grouped(bytes)} bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes`, `Shorten the channel's ${field}`),
    );
  }
  if (exchange.name.startsWith('amq.') && !(PREDECLARED_EXCHANGES.get(exchange.name) === exchange.type && exchange.durable)) {
    const builtIn = PREDECLARED_EXCHANGES.get(exchange.name);
    report(
      diagnostics,
      refused(
        channel,
        field,
        builtIn
          ? `exchange ${exchange.name} is RabbitMQ's own durable ${builtIn} exchange; declaring it as a${exchange.durable ? '' : ' non-durable'} ${exchange.type} exchange is refused`
          : `exchange name ${shown(exchange.name)} starts with "amq.", which RabbitMQ reserves for its own exchanges`,
        builtIn ? `Use it as a durable ${builtIn} exchange, or give the channel an address of its own` : `Give the channel an address that does not start with "amq."`,
      ),
    );
  }
}

/** The parameters a name still has placeholders for, as the channel defines them (sorted by name). */
function openParameters(name: string, defined: Readonly<Record<string, ChannelParameter>>): Record<string, ChannelParameter> {
  const open = [...new Set([...name.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))].sort();
  return Object.fromEntries(open.flatMap((p) => (defined[p] ? [[p, defined[p]]] : [])));
}

function bindParameters(address: string, parameters: Readonly<Record<string, string>>): string {
  return address.replace(/\{([^}]+)\}/g, (whole, name: string) => parameters[name] ?? whole);
}

/** The major version a message's default routing key carries. */
export function majorOf(version: string): number {
  return semver.valid(version) ? semver.major(version) : (semver.coerce(version)?.major ?? 0);
}

/** True when the message's routing key comes from its `x-amqp.routingKey`, not from its id. */
export function declaresRoutingKey(message: Message): boolean {
  const declared = amqpExtension(message).routingKey;
  return typeof declared === 'string' && declared !== '';
}

export function routingKey(message: Message, diagnostics: Diagnostic[]): string {
  const declared = amqpExtension(message).routingKey;
  const key = typeof declared === 'string' && declared !== '' ? declared : `${message.id}.v${majorOf(message.version)}`;
  if (declared !== undefined && key !== declared) {
    report(diagnostics, invalid(message, 'x-amqp.routingKey', 'the routing key must be a non-empty string', 'Write it as a string, or remove it to use <message-id>.v<major>'));
  }
  const bytes = byteLength(key);
  if (bytes > MAX_NAME_BYTES) {
    report(
      diagnostics,
      key === declared
        ? refused(message, 'x-amqp.routingKey', `routing key ${shown(key)} is ${grouped(bytes)} bytes (UTF-8); RabbitMQ refuses routing keys longer than 255 bytes`, 'Write a shorter key')
        : refused(
            message,
            'id',
            `routing key ${shown(key)}, made from the message id, is ${grouped(bytes)} bytes (UTF-8); RabbitMQ refuses routing keys longer than 255 bytes`,
            'Shorten the message id, or set a shorter x-amqp.routingKey',
          ),
    );
  }
  return key;
}

/**
 * On a topic exchange a binding key's words `*` and `#` are wildcards (a word is what lies
 * between dots; `order*` is literal). catwire binds each receiver with the routing key itself, so
 * such a word would make the receiver take every message matching the pattern.
 */
export function checkRoutingKeyIsLiteral(message: Message, key: string, exchange: Exchange, diagnostics: Diagnostic[]): void {
  if (exchange.type !== 'topic') return;
  const wildcard = key.split('.').find((word) => word === '*' || word === '#');
  if (!wildcard) return;
  const declared = declaresRoutingKey(message);
  report(
    diagnostics,
    diagnostic('routing-key-pattern', {
      file: message.file,
      field: declared ? 'x-amqp.routingKey' : 'id',
      message: `routing key ${shown(key)}${declared ? '' : ', made from the message id,'} has the topic wildcard "${wildcard}" as a word, so on topic exchange ${exchange.name} its receivers would also get every message the pattern matches`,
      fix: declared
        ? 'Write a literal key, without "*" or "#" between dots'
        : 'Give the message an id without "*" or "#" between dots, or set x-amqp.routingKey to a literal key',
    }),
  );
}

/** Queue names of a service (main, retries, dead letters) must fit in RabbitMQ's 255 bytes. */
export function checkQueueNames(service: Service, names: readonly string[], diagnostics: Diagnostic[]): void {
  const longest = names.reduce((a, b) => (byteLength(b) > byteLength(a) ? b : a), '');
  const bytes = byteLength(longest);
  if (bytes <= MAX_NAME_BYTES) return;
  report(
    diagnostics,
    refused(service, 'id', `queue name ${shown(longest)}, made from the service id, is ${grouped(bytes)} bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes`, 'Shorten the service id'),
  );
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
    if (!isPositiveInt(queue.deliveryLimit)) {
      diagnostics.push(invalid(service, 'x-amqp.queue.deliveryLimit', 'the delivery limit must be a positive integer', 'Write a whole number such as 10'));
    } else if (queue.deliveryLimit > MAX_DELIVERY_LIMIT) {
      diagnostics.push(
        invalid(service, 'x-amqp.queue.deliveryLimit', `the delivery limit ${grouped(queue.deliveryLimit)} is above ${grouped(MAX_DELIVERY_LIMIT)}, the most RabbitMQ accepts`, 'Write a whole number such as 10'),
      );
    } else settings.deliveryLimit = queue.deliveryLimit;
  }
  if (ext.prefetch !== undefined) {
    if (!isPositiveInt(ext.prefetch)) diagnostics.push(invalid(service, 'x-amqp.prefetch', 'prefetch must be a positive integer', 'Write a whole number such as 20'));
    else if (ext.prefetch > MAX_PREFETCH) {
      diagnostics.push(invalid(service, 'x-amqp.prefetch', `prefetch ${grouped(ext.prefetch)} is above ${grouped(MAX_PREFETCH)}, the most RabbitMQ accepts`, 'Write a whole number from 1 to 65535'));
    } else settings.prefetch = ext.prefetch;
  }
  const retry = (ext.retry ?? {}) as Extension;
  if (retry.delaysMs !== undefined) {
    if (!Array.isArray(retry.delaysMs) || !retry.delaysMs.every(isPositiveInt)) {
      diagnostics.push(invalid(service, 'x-amqp.retry.delaysMs', 'retry delays must be a list of positive integers (milliseconds)', 'Write e.g. [1000, 5000, 30000], or [] for no retries'));
    } else {
      const tooLong = retry.delaysMs.find((ms) => ms > MAX_DELAY_MS);
      if (tooLong === undefined) settings.retryDelaysMs = retry.delaysMs;
      else {
        diagnostics.push(
          invalid(
            service,
            'x-amqp.retry.delaysMs',
            `retry delay ${grouped(tooLong)} ms is above ${grouped(MAX_DELAY_MS)} ms (about 49 days), the longest message TTL RabbitMQ accepts`,
            'Write delays up to 4294967295 ms',
          ),
        );
      }
    }
  }
  return settings;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Protocol names that mean RabbitMQ: AMQP 0-9-1 (and its TLS form), AMQP 1.0, or the broker's name. */
const AMQP_PROTOCOLS = new Set(['amqp', 'amqps', 'amqp1', 'rabbitmq']);

/** True when the channel is meant for RabbitMQ (or says nothing about its protocol). */
export function isAmqpChannel(channel: Channel | undefined): boolean {
  return channel !== undefined && (channel.protocols.length === 0 || channel.protocols.some((p) => AMQP_PROTOCOLS.has(p.toLowerCase())));
}

/**
 * A channel of another protocol (kafka, http, sqs …) that is still the only channel named for a
 * message becomes a RabbitMQ exchange all the same: catwire runs on RabbitMQ alone. Said once per
 * channel, so that nobody takes the generated code for a Kafka or HTTP client.
 */
export function warnForeignProtocol(channel: Channel, exchange: Exchange, line: number | undefined, diagnostics: Diagnostic[]): void {
  if (isAmqpChannel(channel)) return;
  const protocols = channel.protocols.map((p) => JSON.stringify(p));
  const spoken = protocols.length === 1 ? protocols[0] : `${protocols.slice(0, -1).join(', ')} and ${protocols.at(-1)}`;
  report(
    diagnostics,
    diagnostic('foreign-protocol', {
      file: channel.file,
      line,
      field: 'protocols',
      message: `channel "${channel.id}" is ${withArticle(spoken as string)} channel, not AMQP, yet catwire carries its messages over RabbitMQ exchange ${exchange.name} (catwire generates RabbitMQ code only)`,
      fix: 'Add amqp to its protocols if RabbitMQ is meant, or point the sends[].to and receives[].from of its messages at an AMQP channel',
    }),
  );
}
