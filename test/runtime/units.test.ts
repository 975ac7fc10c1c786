/**
 * Small, pure pieces of the runtime, table-driven: naming, topic matching, URL redaction,
 * structured logs, trace context, the envelope, validation messages and caching, the queue
 * arguments derived from a contract, safe ack batching, and the idempotency store.
 */
import type { Channel, Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { createJsonLogger, createMemoryIdempotencyStore, HEADERS, redactUrl } from '../../runtime/index.js';
import { decodeMessage } from '../../runtime/internal/decode.js';
import { buildMessage } from '../../runtime/internal/encode.js';
import { resolveName } from '../../runtime/internal/naming.js';
import { AckBatcher } from '../../runtime/internal/rabbit/acks.js';
import { topicMatches } from '../../runtime/internal/routing.js';
import { planService } from '../../runtime/internal/service/plan.js';
import { nextTraceparent } from '../../runtime/internal/trace.js';
import { validatorFor } from '../../runtime/internal/validation.js';
import { ordersContract } from './fixtures/contracts.js';

describe('names', () => {
  it.each([
    ['orders.{env}.events', 'stg.', { env: 'prod' }, 'stg.orders.prod.events'],
    ['orders', '', {}, 'orders'],
    ['amq.topic', 'stg.', {}, 'amq.topic'],
    ['', 'stg.', {}, ''],
  ])('%s (prefix %j, params %j) → %j', (template, prefix, params, want) => {
    expect(resolveName(template, { prefix, params })).toBe(want);
  });

  it('names the missing parameter', () => {
    expect(() => resolveName('orders.{region}.{env}', { prefix: '', params: { env: 'x' } })).toThrow(
      `name "orders.{region}.{env}" needs parameter "region"; pass params: { region: '…' } to the transport`,
    );
  });
});

describe('topic matching', () => {
  it.each([
    ['order-placed.v1', 'order-placed.v1', true],
    ['order-placed.*', 'order-placed.v1', true],
    ['*.v1', 'order-placed.v2', false],
    ['#', 'a.b.c', true],
    ['orders.#', 'orders', true],
    ['orders.#.v1', 'orders.x.y.v1', true],
    ['orders.*', 'orders.x.y', false],
  ])('%s matches %s: %s', (pattern, key, want) => {
    expect(topicMatches(pattern, key)).toBe(want);
  });
});

describe('logs', () => {
  it.each([
    ['amqp://guest:secret@host:5672/vh', 'amqp://guest:***@host:5672/vh'],
    ['amqps://u:p%40ss@broker', 'amqps://u:***@broker'],
    ['amqp://host', 'amqp://host'],
    ['not a url //u:pw@x', 'not a url //u:***@x'],
  ])('redacts %s', (url, want) => {
    expect(redactUrl(url)).toBe(want);
  });

  it('writes one JSON object per line, filtered by level, with errors as messages', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info('ignored');
    logger.warn('connection-lost', { url: 'amqp://h', error: Object.assign(new Error('gone'), { code: 320 }) });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'warn', event: 'connection-lost', url: 'amqp://h', error: { message: 'gone', code: 320 } });
  });
});

describe('envelope', () => {
  const init = { service: 'orders', type: 'order-placed', version: '1.2.0', body: { a: 1 }, correlationId: 'c-1', causationId: 'm-0' };

  it('writes a structured CloudEvent: attributes, extensions and the payload under data, no headers', () => {
    const m = buildMessage(init, 'structured');
    expect(m.properties).toEqual({ contentType: 'application/cloudevents+json', persistent: true });
    const event = JSON.parse(m.content.toString()) as Record<string, unknown>;
    expect(event).toMatchObject({
      specversion: '1.0',
      id: m.id,
      source: 'orders',
      type: 'order-placed',
      catwireversion: '1.2.0',
      correlationid: 'c-1',
      causationid: 'm-0',
      data: { a: 1 },
    });
    expect(event['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(decodeMessage(m)).toMatchObject({ payload: { a: 1 }, envelope: { mode: 'structured', messageId: m.id, type: 'order-placed', version: '1.2.0', causationId: 'm-0' } });
  });

  it('writes the binary envelope: AMQP properties and every documented header', () => {
    const m = buildMessage(init, 'binary');
    expect(m.properties).toMatchObject({ type: 'order-placed', appId: 'orders', correlationId: 'c-1', contentType: 'application/json' });
    expect(m.properties.headers ?? {}).toMatchObject({
      [HEADERS.ceSpecVersion]: '1.0',
      [HEADERS.ceId]: m.properties.messageId,
      [HEADERS.ceSource]: 'orders',
      [HEADERS.ceType]: 'order-placed',
      [HEADERS.version]: '1.2.0',
      [HEADERS.causationId]: 'm-0',
    });
    expect(m.properties.headers?.[HEADERS.ceTime]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(m.properties.headers?.[HEADERS.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(decodeMessage(m)).toMatchObject({ payload: { a: 1 }, envelope: { mode: 'binary', messageId: m.id, correlationId: 'c-1' } });
  });

  it('reads a foreign message from CloudEvents attributes under either separator', () => {
    const { envelope } = decodeMessage({
      content: Buffer.from('{}'),
      properties: { headers: { 'cloudEvents:id': Buffer.from('x-1'), 'cloudEvents:type': 'order-placed', cloudEvents_source: 'legacy', 'cloudEvents:time': '2026-01-02T03:04:05Z' } },
    });
    expect(envelope).toMatchObject({ messageId: 'x-1', type: 'order-placed', source: 'legacy', correlationId: 'x-1', version: '' });
    expect(envelope.timestamp.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('continues a trace with a new span, and starts one from an invalid parent', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(nextTraceparent(parent)).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-(?!b7ad6b7169203331)[0-9a-f]{16}-01$/);
    expect(nextTraceparent('garbage')).not.toContain('garbage');
    expect(nextTraceparent(`00-${'0'.repeat(32)}-b7ad6b7169203331-01`)).not.toContain('0'.repeat(32));
  });
});

describe('validation', () => {
  const schema = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } } };

  it('compiles each schema object once (cached by identity)', () => {
    expect(validatorFor(schema)).toBe(validatorFor(schema));
    expect(validatorFor({ ...schema })).not.toBe(validatorFor(schema));
  });

  it.each([
    [{}, [{ path: '/id', message: 'is required' }]],
    [{ id: 'a', extra: 1 }, [{ path: '/extra', message: 'is not allowed' }]],
    [{ id: 'a', at: 'yesterday' }, [{ path: '/at', message: 'must match format "date-time"' }]],
    [{ id: 'a', at: '2026-01-01T00:00:00Z' }, undefined],
  ])('%j → %j', (value, issues) => {
    expect(validatorFor(schema)(value)).toEqual(issues);
  });

  it('handles 2020-12 schemas, boolean schemas, no schema, and two schemas sharing an $id', () => {
    const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:catwire:test-schema', prefixItems: [{ type: 'number' }] };
    expect(validatorFor(modern)(['x'])).toEqual([{ path: '/0', message: 'must be number' }]);
    expect(validatorFor({ ...modern })([1])).toBeUndefined();
    expect(validatorFor(true)(1)).toBeUndefined();
    expect(validatorFor(undefined)(1)).toBeUndefined();
    expect(validatorFor(false)(1)).toHaveLength(1);
  });
});

describe('queue arguments from the contract', () => {
  it('dead-letters the main queue to its DLQ and sends retry queues back after their delay', () => {
    const plan = planService(ordersContract({ retryDelaysMs: [50, 100, 100] }), { prefix: 'p.', params: { env: 'e' } });
    expect(plan.retryQueues).toEqual(['p.orders.retry.50', 'p.orders.retry.100', 'p.orders.retry.100']);
    expect(plan.deadLetterQueue).toBe('p.orders.dlq');
    expect(plan.topology.queues).toEqual([
      { name: 'p.orders', durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'p.orders.dlq' } },
      { name: 'p.orders.retry.50', durable: true, arguments: { 'x-message-ttl': 50, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'p.orders' } },
      { name: 'p.orders.retry.100', durable: true, arguments: { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'p.orders' } },
      { name: 'p.orders.dlq', durable: true, arguments: {} },
    ]);
    expect(plan.topology.exchanges.map((e) => e.name)).toEqual(['p.orders.e.events', 'p.orders.commands', 'p.orders.queries']);
  });

  it('declares quorum queues with a delivery limit when configured', () => {
    const plan = planService(ordersContract(), { prefix: '', params: { env: 'e' } }, { queueType: 'quorum', deliveryLimit: 5 });
    expect(plan.topology.queues[0]?.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'orders.dlq',
      'x-delivery-limit': 5,
    });
  });
});

describe('ack batching', () => {
  function fakeChannel() {
    const calls: string[] = [];
    const ch = {
      ack: (m: Message, all?: boolean) => calls.push(`ack ${m.fields.deliveryTag}${all ? ' multiple' : ''}`),
      nack: (m: Message, _all?: boolean, requeue?: boolean) => calls.push(`nack ${m.fields.deliveryTag}${requeue ? ' requeue' : ''}`),
    } as unknown as Channel;
    const msg = (tag: number) => ({ fields: { deliveryTag: tag } }) as Message;
    return { ch, calls, msg };
  }

  it('acks a settled head with one multiple ack and settled messages behind a gap one by one', () => {
    const { ch, calls, msg } = fakeChannel();
    const acks = new AckBatcher(ch, 100);
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((tag) => acks.track(msg(tag)));
    for (const entry of [a, b, d]) acks.ack(entry as ReturnType<AckBatcher['track']>);
    acks.flush();
    expect(calls).toEqual(['ack 2 multiple', 'ack 4']);
    acks.requeue(e as ReturnType<AckBatcher['track']>);
    acks.ack(c as ReturnType<AckBatcher['track']>);
    acks.flush();
    expect(calls).toEqual(['ack 2 multiple', 'ack 4', 'nack 5 requeue', 'ack 3 multiple']);
  });

  it('never acks an unsettled delivery, and flushes by itself once the batch is full', () => {
    const { ch, calls, msg } = fakeChannel();
    const acks = new AckBatcher(ch, 2);
    const first = acks.track(msg(1));
    const second = acks.track(msg(2));
    acks.track(msg(3));
    acks.ack(first);
    expect(calls).toEqual([]);
    acks.ack(second);
    expect(calls).toEqual(['ack 2 multiple']);
  });
});

describe('idempotency store', () => {
  it('forgets the oldest keys beyond its size', async () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await store.add(key);
    expect([await store.has('a'), await store.has('b'), await store.has('c')]).toEqual([false, true, true]);
  });
});
