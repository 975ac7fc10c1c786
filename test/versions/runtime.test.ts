/**
 * The runtime's side of versions in flight, on hand-written contracts (in memory; the lifecycle
 * test runs generated contracts on RabbitMQ too): a query's owner accepts the old major, upcasts
 * it for its one handler and downcasts the reply for the old caller; a failing caster publishes
 * nothing; a failing upcaster ends in the dead-letter queue, not in a lost message; a record of
 * the old major (an outbox row from before an upgrade) goes out in both majors, or is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CastError, createMemoryTransport, defineMessage, startService, type JsonSchema, type LogFields, type Logger, type ServiceContract, type Transport } from '../../runtime/index.js';

const object = (required: string[], properties: Record<string, object>): JsonSchema => ({ type: 'object', additionalProperties: false, required, properties });
const PRICE_V1 = object(['sku'], { sku: { type: 'string' } });
const PRICE_V2 = object(['sku', 'region'], { sku: { type: 'string' }, region: { type: 'string' } });
const REPLY_V1 = object(['cents'], { cents: { type: 'integer' } });
const REPLY_V2 = object(['amount', 'currency'], { amount: { type: 'integer' }, currency: { type: 'string' } });

const topology = (queue: string | undefined, bindings: string[]) => ({
  exchanges: [{ name: 'prices', type: 'direct' as const, durable: true }],
  queues: queue ? [{ name: queue, role: 'main' as const, type: 'classic' as const }, { name: `${queue}.dlq`, role: 'dead-letter' as const, type: 'classic' as const }] : [],
  bindings: queue ? bindings.map((routingKey) => ({ exchange: 'prices', queue, routingKey })) : [],
});

/** The owner answers get-price 2.0.0 and, while an old caller pins it, 1.0.0. */
const owner = (upcast: (p: any) => unknown) =>
  ({
    service: { id: 'pricing', name: 'Pricing', version: '1.0.0' },
    queue: 'pricing',
    prefetch: 10,
    retry: { delaysMs: [] },
    sends: {},
    receives: {
      getPrice: defineMessage<{ sku: string; region: string }, { amount: number; currency: string }>({
        id: 'get-price', version: '2.0.0', kind: 'query', exchange: 'prices', routingKey: 'get-price.v2', schema: PRICE_V2, responseSchema: REPLY_V2,
        bridges: [{ version: '1.0.0', routingKey: 'get-price.v1', schema: PRICE_V1, responseSchema: REPLY_V1, cast: upcast, castReply: (r: { amount: number }) => ({ cents: r.amount }) }],
      }),
    },
    topology: topology('pricing', ['get-price.v2', 'get-price.v1']),
  }) satisfies ServiceContract;

const oldCaller = {
  service: { id: 'kiosk', name: 'Kiosk', version: '1.0.0' },
  queue: 'kiosk',
  prefetch: 10,
  retry: { delaysMs: [] },
  sends: {
    requestGetPrice: defineMessage<{ sku: string }, { cents: number }>({ id: 'get-price', version: '1.0.0', kind: 'query', exchange: 'prices', routingKey: 'get-price.v1', schema: PRICE_V1, responseSchema: REPLY_V1 }),
  },
  receives: {},
  topology: topology(undefined, []),
} satisfies ServiceContract;

const ORDER_V1 = object(['id'], { id: { type: 'string' } });
const ORDER_V2 = object(['id', 'lines'], { id: { type: 'string' }, lines: { type: 'integer' } });

const publisher = (downcast: (p: any) => unknown, upcast?: (p: any) => unknown) =>
  ({
    service: { id: 'shop', name: 'Shop', version: '1.0.0' },
    queue: 'shop',
    prefetch: 10,
    retry: { delaysMs: [] },
    sends: {
      publishOrderPlaced: defineMessage<{ id: string; lines: number }>({
        id: 'order-placed', version: '2.0.0', kind: 'event', exchange: 'orders', routingKey: 'order-placed.v2', schema: ORDER_V2,
        bridges: [{ version: '1.0.0', routingKey: 'order-placed.v1', schema: ORDER_V1, cast: downcast, ...(upcast ? { upcast } : {}) }],
      }),
    },
    receives: {},
    topology: { exchanges: [{ name: 'orders', type: 'topic' as const, durable: true }], queues: [], bindings: [] },
  }) satisfies ServiceContract;

const receiver = (id: string, version: string, schema: JsonSchema) =>
  ({
    service: { id, name: id, version: '1.0.0' },
    queue: id,
    prefetch: 10,
    retry: { delaysMs: [] },
    sends: {},
    receives: { orderPlaced: defineMessage<unknown>({ id: 'order-placed', version, kind: 'event', exchange: 'orders', routingKey: `order-placed.v${version[0]}`, schema }) },
    topology: {
      exchanges: [{ name: 'orders', type: 'topic' as const, durable: true }],
      queues: [{ name: id, role: 'main' as const, type: 'classic' as const }, { name: `${id}.dlq`, role: 'dead-letter' as const, type: 'classic' as const }],
      bindings: [{ exchange: 'orders', queue: id, routingKey: `order-placed.v${version[0]}` }],
    },
  }) satisfies ServiceContract;

let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
});

function recordingLogger(): { logger: Logger; deadLettered: LogFields[] } {
  const deadLettered: LogFields[] = [];
  return { deadLettered, logger: { debug() {}, info() {}, error() {}, warn: (event, fields) => void (event === 'message-dead-lettered' && deadLettered.push(fields ?? {})) } };
}

describe('a query whose owner moved to 2.0.0', () => {
  it('answers an old caller: the request is upcast for the one handler, the reply downcast', async () => {
    transport = createMemoryTransport();
    const seen: unknown[] = [];
    await startService(transport, owner((p: { sku: string }) => ({ sku: p.sku, region: 'eu' })), {
      handlers: { getPrice: async (payload) => (seen.push(payload), { amount: 250, currency: 'EUR' }) },
    });
    const kiosk = await startService(transport, oldCaller, { handlers: {} });
    expect(await kiosk.producer.requestGetPrice({ sku: 'tea' })).toEqual({ cents: 250 });
    expect(seen).toEqual([{ sku: 'tea', region: 'eu' }]);
  });

  it('dead-letters an old request whose upcast is invalid, and answers the caller with the reason', async () => {
    const { logger, deadLettered } = recordingLogger();
    transport = createMemoryTransport({ logger });
    await startService(transport, owner((p: { sku: string }) => ({ sku: p.sku })), { handlers: { getPrice: async () => ({ amount: 1, currency: 'EUR' }) } });
    const kiosk = await startService(transport, oldCaller, { handlers: {} });
    await expect(kiosk.producer.requestGetPrice({ sku: 'tea' })).rejects.toThrow(/upcast to 2\.0\.0: .*region/);
    expect(deadLettered).toMatchObject([{ reason: 'invalid-payload', type: 'get-price@1.0.0' }]);
  });
});

describe('an event published in two majors', () => {
  it('casts before anything leaves: a failing downcaster publishes neither copy', async () => {
    transport = createMemoryTransport();
    const got: unknown[] = [];
    await startService(transport, receiver('fresh', '2.0.0', ORDER_V2), { handlers: { orderPlaced: async (p) => void got.push(p) } });
    const shop = await startService(transport, publisher(() => {
      throw new Error('not implemented: the caster that downcasts order-placed 2.0.0 to 1.0.0');
    }), { handlers: {} });
    const failed = await shop.producer.publishOrderPlaced({ id: 'o-1', lines: 2 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CastError);
    expect(failed).toMatchObject({
      code: 'cast-failed',
      messageType: 'order-placed@2.0.0',
      message: 'downcasting order-placed@2.0.0 to 1.0.0 failed: not implemented: the caster that downcasts order-placed 2.0.0 to 1.0.0',
      cause: new Error('not implemented: the caster that downcasts order-placed 2.0.0 to 1.0.0'),
    });
    // A later message arrives alone: the first was never published.
    await startService(transport, receiver('old', '1.0.0', ORDER_V1), { handlers: { orderPlaced: async () => undefined } });
    const working = await startService(transport, publisher((p: { id: string }) => ({ id: p.id })), { handlers: {} });
    await working.producer.publishOrderPlaced({ id: 'o-2', lines: 1 });
    await expect.poll(() => got).toEqual([{ id: 'o-2', lines: 1 }]);
  });

  it('gives each copy the same correlation and a derived id, also for a caller-chosen id', async () => {
    transport = createMemoryTransport();
    const envelopes: { service: string; id: string; correlation: string; payload: unknown }[] = [];
    for (const [id, version, schema] of [['fresh', '2.0.0', ORDER_V2], ['old', '1.0.0', ORDER_V1]] as const) {
      await startService(transport, receiver(id, version, schema), {
        handlers: { orderPlaced: async (payload, ctx) => void envelopes.push({ service: id, id: ctx.envelope.messageId, correlation: ctx.envelope.correlationId, payload }) },
      });
    }
    const shop = await startService(transport, publisher((p: { id: string }) => ({ id: p.id })), { handlers: {} });
    await shop.producer.publishOrderPlaced({ id: 'o-1', lines: 3 }, { messageId: 'outbox-7', correlationId: 'flow-1' });
    await expect.poll(() => envelopes.length).toBe(2);
    expect(envelopes.sort((a, b) => (a.service < b.service ? -1 : 1))).toEqual([
      { service: 'fresh', id: 'outbox-7', correlation: 'flow-1', payload: { id: 'o-1', lines: 3 } },
      { service: 'old', id: 'outbox-7.v1', correlation: 'flow-1', payload: { id: 'o-1' } },
    ]);
  });
});

describe('a record written at the old major (SendOptions.version)', () => {
  async function receivers() {
    const envelopes: { service: string; id: string; version: string; payload: unknown }[] = [];
    for (const [id, version, schema] of [['fresh', '2.0.0', ORDER_V2], ['old', '1.0.0', ORDER_V1]] as const) {
      await startService(transport as Transport, receiver(id, version, schema), {
        handlers: { orderPlaced: async (payload, ctx) => void envelopes.push({ service: id, id: ctx.envelope.messageId, version: ctx.envelope.version, payload }) },
      });
    }
    return envelopes;
  }

  it('goes out as written under its major with its own id, and upcast under the current one', async () => {
    transport = createMemoryTransport();
    const envelopes = await receivers();
    const shop = await startService(transport, publisher((p: { id: string }) => ({ id: p.id }), (p: { id: string }) => ({ id: p.id, lines: 0 })), { handlers: {} });
    // Typed as the current payload; the version says it is a 1.0.0 record.
    await shop.producer.publishOrderPlaced({ id: 'o-1' } as never, { messageId: 'outbox-9', version: '1.0.0' });
    // A record of the current major takes the usual path.
    await shop.producer.publishOrderPlaced({ id: 'o-2', lines: 1 }, { messageId: 'outbox-10', version: '2.1.0' });
    await expect.poll(() => envelopes.length).toBe(4);
    expect(envelopes.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { service: 'fresh', id: 'outbox-10', version: '2.0.0', payload: { id: 'o-2', lines: 1 } },
      { service: 'old', id: 'outbox-10.v1', version: '1.0.0', payload: { id: 'o-2' } },
      { service: 'old', id: 'outbox-9', version: '1.0.0', payload: { id: 'o-1' } },
      { service: 'fresh', id: 'outbox-9.v2', version: '2.0.0', payload: { id: 'o-1', lines: 0 } },
    ]);
  });

  it('is refused, before anything leaves, at a major the contract does not bridge, without an upcaster, or invalid as written', async () => {
    transport = createMemoryTransport();
    const envelopes = await receivers();
    const withoutUpcaster = await startService(transport, publisher((p: { id: string }) => ({ id: p.id })), { handlers: {} });
    await expect(withoutUpcaster.producer.publishOrderPlaced({ id: 'o-1' } as never, { version: '1.0.0' })).rejects.toThrow(
      'cannot publish a record of order-placed@1.0.0 as order-placed@2.0.0: the contract has no upcaster from 1.0.0 to 2.0.0 (write one in the handlers\' casters folder and regenerate)',
    );
    const unbridged = await withoutUpcaster.producer.publishOrderPlaced({ id: 'o-1' } as never, { version: '3.0.0' }).catch((e: unknown) => e);
    expect(unbridged).toBeInstanceOf(CastError);
    expect(unbridged).toMatchObject({
      code: 'version-not-bridged',
      messageType: 'order-placed@2.0.0',
      message: 'cannot publish order-placed@3.0.0 as order-placed@2.0.0: the contract bridges only 1.0.0; publish records of major 3 while a receiver still pins it (docs/versions.md)',
    });
    const shop = await startService(transport, publisher((p: { id: string }) => ({ id: p.id }), (p: { id: string }) => ({ id: p.id, lines: 0 })), { handlers: {} });
    await expect(shop.producer.publishOrderPlaced({ id: 7 } as never, { version: '1.0.0' })).rejects.toThrow(/order-placed@1\.0\.0/);
    // A sender without bridges refuses any major but its own.
    const plain = await startService(transport, oldCaller, { handlers: {} });
    await expect(plain.producer.requestGetPrice({ sku: 'tea' }, { version: '2.0.0' })).rejects.toThrow('cannot publish get-price@2.0.0 as get-price@1.0.0: the contract bridges no older major');
    await shop.producer.publishOrderPlaced({ id: 'o-3', lines: 2 });
    await expect.poll(() => envelopes.length).toBe(2);
    expect(envelopes.map((e) => e.payload)).toEqual(expect.arrayContaining([{ id: 'o-3', lines: 2 }, { id: 'o-3' }]));
  });
});
