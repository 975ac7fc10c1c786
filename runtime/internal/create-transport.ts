/**
 * `createTransport`: RabbitMQ when a URL is configured (option or `AMQP_URL`), otherwise the
 * embedded in-memory transport, so a first run needs no broker.
 */
import { createMemoryTransport } from './memory/memory-transport.js';
import { createRabbitTransport, type RabbitTransportOptions } from './rabbit/rabbit-transport.js';
import type { Transport } from './transport.js';

export interface TransportOptions extends Omit<RabbitTransportOptions, 'url'> {
  /** Broker URL; defaults to `process.env.AMQP_URL`. Without either, the in-memory transport is used. */
  readonly url?: string | undefined;
}

export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
  const url = options.url ?? process.env['AMQP_URL'];
  if (url) return createRabbitTransport({ ...options, url });
  return createMemoryTransport(options);
}
