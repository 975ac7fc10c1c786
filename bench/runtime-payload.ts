/**
 * The benchmark's message: ~1 KB of JSON with 20 validated fields (the shape used for the raw
 * amqplib baselines in docs/baselines.md), and two services built like generated contracts.
 */
import { defineMessage, type ServiceContract } from '../runtime/index.js';

export interface BenchEvent {
  eventId: string;
  eventType: string;
  eventVersion: string;
  seq: number;
  /** performance.now() at publish, for end-to-end latency in one process. */
  t: number;
  occurredAt: string;
  source: string;
  correlationId: string;
  data: { orderId: string; customerId: string; total: number; currency: 'EUR' | 'USD' | 'GBP'; items: number; note: string };
}

const padding = 'x'.repeat(760);

export function makeEvent(seq: number, t = 0): BenchEvent {
  return {
    eventId: `evt-${seq}`,
    eventType: 'OrderPlaced',
    eventVersion: '1.0.0',
    seq,
    t,
    occurredAt: '2026-01-01T00:00:00.000Z',
    source: 'orders-service',
    correlationId: 'c0ffee00-0000-4000-8000-000000000000',
    data: { orderId: 'ord-123456', customerId: 'cus-98765', total: 123.45, currency: 'EUR', items: 3, note: padding },
  };
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'eventType', 'eventVersion', 'seq', 't', 'occurredAt', 'source', 'correlationId', 'data'],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    eventType: { type: 'string', enum: ['OrderPlaced'] },
    eventVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    seq: { type: 'integer', minimum: 0 },
    t: { type: 'number', minimum: 0 },
    occurredAt: { type: 'string', minLength: 20 },
    source: { type: 'string' },
    correlationId: { type: 'string', minLength: 36, maxLength: 36 },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['orderId', 'customerId', 'total', 'currency', 'items', 'note'],
      properties: {
        orderId: { type: 'string' },
        customerId: { type: 'string' },
        total: { type: 'number', minimum: 0 },
        currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
        items: { type: 'integer', minimum: 1 },
        note: { type: 'string', maxLength: 1000 },
      },
    },
  },
} as const;

export const benchEvent = defineMessage<BenchEvent>({
  id: 'bench-event',
  version: '1.0.0',
  kind: 'event',
  exchange: 'bench.events',
  routingKey: 'bench-event.v1',
  schema,
});

const exchange = { name: 'bench.events', type: 'topic', durable: true } as const;

export const producerContract = {
  service: { id: 'bench-producer', name: 'Bench producer', version: '1.0.0' },
  sends: { benchEvent },
  receives: {},
  queue: 'bench-producer',
  retry: { delaysMs: [] },
  prefetch: 1,
  topology: { exchanges: [exchange], queues: [], bindings: [] },
} as const satisfies ServiceContract;

export function consumerContract(prefetch: number) {
  return {
    service: { id: 'bench-consumer', name: 'Bench consumer', version: '1.0.0' },
    sends: {},
    receives: { benchEvent },
    queue: 'bench.q',
    retry: { delaysMs: [1000] },
    prefetch,
    topology: {
      exchanges: [exchange],
      queues: [
        { name: 'bench.q', role: 'main', type: 'classic' },
        { name: 'bench.q.retry.1000', role: 'retry', type: 'classic', delayMs: 1000 },
        { name: 'bench.q.dlq', role: 'dead-letter', type: 'classic' },
      ],
      bindings: [{ exchange: 'bench.events', queue: 'bench.q', routingKey: 'bench-event.v1' }],
    },
  } as const satisfies ServiceContract;
}
