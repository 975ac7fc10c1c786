/**
 * `createTransport`: RabbitMQ when a URL is configured (option or `AMQP_URL`), otherwise the
 * embedded in-memory transport, so a first run needs no broker.
 */
import { ConnectionError } from './errors.js';
import { createMemoryTransport } from './memory/memory-transport.js';
import { brokerUrls, createRabbitTransport, type RabbitTransportOptions } from './rabbit/rabbit-transport.js';
import type { Transport } from './transport.js';

export interface TransportOptions extends Omit<RabbitTransportOptions, 'url' | 'urls'> {
  /**
   * Broker URL, or several separated by commas (the nodes of a cluster); defaults to
   * `process.env.AMQP_URL`. Without any URL, the in-memory transport is used.
   */
  readonly url?: string | undefined;
  /** The nodes of a cluster; used instead of `url` when given. */
  readonly urls?: readonly string[] | undefined;
}

export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
  const urls = brokerUrls({ url: options.url ?? process.env['AMQP_URL'], urls: options.urls });
  const settings = { ...options, queueType: options.queueType ?? queueTypeFromEnv(process.env['CATWIRE_QUEUE_TYPE']) };
  if (urls.length > 0) return createRabbitTransport({ ...settings, urls });
  return createMemoryTransport(settings);
}

/**
 * `CATWIRE_QUEUE_TYPE=classic` runs a process built on quorum contracts against a single
 * development node without a code change; unset, the contract's type stands.
 */
function queueTypeFromEnv(value: string | undefined): 'classic' | 'quorum' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'classic' || value === 'quorum') return value;
  throw new ConnectionError('', `CATWIRE_QUEUE_TYPE is ${JSON.stringify(value)}: set it to classic or quorum, or leave it unset to use the contract's queue type`);
}
