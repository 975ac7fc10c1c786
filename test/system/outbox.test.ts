/**
 * system/outbox's relay on both backends, with a publish function that records instead of a
 * broker: every row is published in creation order and marked sent, a failed publish is retried,
 * nothing is lost when the process dies between commit and publish (or in the middle of a batch),
 * and two relays never publish one row twice at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrderStore, type OrderStore } from '../../system/order-store/index.js';
import {
  countUnsent,
  createOutboxRelay,
  listOutbox,
  purgeSentOutbox,
  unparkOutboxMessage,
  type OutboxMessage,
  type OutboxRelay,
  type OutboxRow,
  type RelayErrorContext,
} from '../../system/outbox/index.js';
import type { Database } from '../../system/db/index.js';
import { ValidationError } from '../../runtime/index.js';
import { testBackends, type TestDatabase } from './helpers/backends.js';
import { isEventType, schemaErrors, schemas } from './helpers/contracts.js';
import { cancelOrderCommand, completeOrderInput, createOrderCommand } from './helpers/orders.js';

const backends = testBackends();

/** Waiting for the relay is not a timing assertion: the limit only turns a hang into a failure. */
const until = (check: () => Promise<boolean> | boolean) => vi.waitUntil(check, { timeout: 20_000, interval: 10 });

interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Orders in several states (every third cancelled, every third completed) plus a tombstone; returns the events written. */
async function placeOrders(store: OrderStore, count: number): Promise<number> {
  const outcomes = [];
  for (let i = 0; i < count; i++) {
    const command = createOrderCommand();
    outcomes.push(await store.createOrder(command));
    if (i % 3 === 1) outcomes.push(await store.cancelOrder(cancelOrderCommand(command)));
    if (i % 3 === 2) outcomes.push(await store.completeOrder(completeOrderInput(command.orderId)));
  }
  outcomes.push(await store.cancelOrder(cancelOrderCommand(createOrderCommand(), 'checkout_timed_out')));
  return outcomes.filter((outcome) => 'messageId' in outcome).length;
}

/**
 * The relay's order: each aggregate's rows in the order they were written (rows of different
 * aggregates go out side by side). `published` holds each row once.
 */
function expectAggregateOrder(published: readonly string[], rows: readonly OutboxRow[]): void {
  expect([...published].sort()).toEqual(rows.map((row) => row.id).sort());
  const aggregate = new Map(rows.map((row) => [row.id, row.aggregateId]));
  const sequence = (ids: readonly string[], of: string) => ids.filter((id) => aggregate.get(id) === of);
  for (const of of new Set(aggregate.values())) expect(sequence(published, of)).toEqual(sequence(rows.map((row) => row.id), of));
}

describe.each(backends)('outbox relay on $name', (backend) => {
  let t: TestDatabase;
  const relays: OutboxRelay[] = [];
  const relay = (db: Database, options: Parameters<typeof createOutboxRelay>[1]) => {
    const created = createOutboxRelay(db, options);
    relays.push(created);
    return created;
  };

  beforeEach(async () => {
    t = await backend.fresh();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await t.dispose();
  });

  it("publishes every row once, each order's rows in creation order, with its row id as message id, and marks it sent", async () => {
    const written = await placeOrders(createOrderStore(t.db), 7);
    const rows = await listOutbox(t.db);
    expect(rows).toHaveLength(written);
    expect(written).toBe(12);

    const published: OutboxMessage[] = [];
    const r = relay(t.db, { publish: async (message) => void published.push(message), batchSize: 3 });
    let batches = 0;
    while ((await r.runOnce()).claimed > 0) batches++;
    expect(batches).toBe(4);

    expectAggregateOrder(published.map((m) => m.id), rows);
    const byId = new Map(published.map((m) => [m.id, m]));
    expect(rows.map((row) => byId.get(row.id)).map((m) => [m?.type, m?.aggregateId, m?.payload])).toEqual(rows.map((row) => [row.type, row.aggregateId, row.payload]));
    for (const message of published) {
      if (isEventType(message.type)) expect(schemaErrors(schemas[message.type], message.payload)).toBe('');
    }
    const after = await listOutbox(t.db);
    expect(after.every((row) => row.sentAt instanceof Date && row.attempts === 1 && row.claimedBy === null)).toBe(true);
    expect(await countUnsent(t.db)).toBe(0);
    expect(await r.runOnce()).toMatchObject({ claimed: 0, published: 0 });
    expect(await purgeSentOutbox(t.db, 0)).toBe(12);
  });

  it('publishes right after a commit when woken, without waiting for the next poll', async () => {
    const published: string[] = [];
    const r = relay(t.db, { publish: async (message) => void published.push(message.id), pollIntervalMs: 3_600_000 });
    r.start();
    await r.runOnce(); // queued behind the loop's first look at the (empty) outbox: the loop now sleeps for an hour
    const store = createOrderStore(t.db, { afterCommit: () => r.wake() });
    const outcome = await store.createOrder(createOrderCommand());
    await until(() => published.length === 1);
    expect(outcome.outcome === 'created' && published).toEqual([outcome.outcome === 'created' ? outcome.messageId : '']);
  });

  it("leaves a row whose publish failed unsent, retries it with backoff, and holds its order's later rows behind it", async () => {
    const written = await placeOrders(createOrderStore(t.db), 2);
    const rows = await listOutbox(t.db);
    expect(rows).toHaveLength(written);
    expect(rows.map((row) => row.type)).toEqual(['order-created', 'order-created', 'order-cancelled', 'order-cancelled']);
    const failing = rows[1]?.id;
    let failures = 0;
    const confirmed: string[] = [];
    const errors: RelayErrorContext[] = [];
    const r = relay(t.db, {
      publish: async (message) => {
        if (message.id === failing && failures < 2) {
          failures++;
          throw new Error('nack from broker');
        }
        confirmed.push(message.id);
      },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      pollIntervalMs: 10,
      onError: (_error, context) => void errors.push(context),
    });

    // Row 1 fails; row 2 (the same order's cancellation) waits behind it; rows 0 and 3 are other orders.
    expect(await r.runOnce()).toMatchObject({ claimed: 4, published: 2, failed: 1 });
    const afterFailure = await listOutbox(t.db);
    expect(afterFailure[1]).toMatchObject({ sentAt: null, attempts: 1, lastError: 'Error: nack from broker', claimedBy: null });
    expect(afterFailure[2]).toMatchObject({ sentAt: null, claimedBy: null });
    expect(confirmed).toEqual([rows[0]?.id, rows[3]?.id]);

    r.start();
    await until(async () => (await countUnsent(t.db)) === 0);
    await r.stop();
    expect(confirmed).toEqual([rows[0]?.id, rows[3]?.id, rows[1]?.id, rows[2]?.id]);
    expect(failures).toBe(2);
    expect(errors.map((e) => [e.phase, e.message?.id])).toEqual([
      ['publish', failing],
      ['publish', failing],
    ]);
    expect((await listOutbox(t.db))[1]).toMatchObject({ attempts: 3, lastError: null });
  });

  it('parks a row no retry can publish, holds only its aggregate behind it, and publishes both in order once unparked', async () => {
    await placeOrders(createOrderStore(t.db), 2);
    const rows = await listOutbox(t.db);
    // Order B's created and cancelled events; order A's created event and a tombstone's cancel are others.
    expect(rows.map((row) => row.type)).toEqual(['order-created', 'order-created', 'order-cancelled', 'order-cancelled']);
    const [a, bCreated, bCancelled, tombstone] = rows.map((row) => row.id);
    expect(rows[2]?.aggregateId).toBe(rows[1]?.aggregateId);
    let fixed = false;
    const confirmed: string[] = [];
    const errors: [string, string | undefined][] = [];
    const r = relay(t.db, {
      publish: async (message) => {
        if (message.id === bCreated && !fixed) throw new ValidationError('invalid-payload', 'order-created@2.0.0', [{ path: '/total', message: 'must be number' }]);
        confirmed.push(message.id);
      },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      onError: (_error, context) => void errors.push([context.phase, context.message?.id]),
    });

    expect(await r.runOnce()).toMatchObject({ claimed: 4, published: 2, failed: 0, parked: 1 });
    expect(confirmed).toEqual([a, tombstone]);
    expect(errors).toEqual([['park', bCreated]]);
    const parked = await listOutbox(t.db, { parkedOnly: true });
    expect(parked.map((row) => [row.id, row.attempts, row.lastError])).toEqual([[bCreated, 1, 'ValidationError: payload of order-created@2.0.0 is invalid: /total must be number']]);
    expect(parked[0]?.parkedAt).toBeInstanceOf(Date);
    // The parked row is not retried, and its aggregate's next row is not even claimed.
    expect(await r.runOnce()).toMatchObject({ claimed: 0, published: 0, parked: 0 });
    expect(await countUnsent(t.db)).toBe(1);

    fixed = true;
    expect(await unparkOutboxMessage(t.db, bCreated as string)).toBe(true);
    expect(await unparkOutboxMessage(t.db, bCreated as string)).toBe(false);
    expect(await r.runOnce()).toMatchObject({ claimed: 2, published: 2, parked: 0 });
    expect(confirmed).toEqual([a, tombstone, bCreated, bCancelled]);
    expect(await countUnsent(t.db)).toBe(0);
  });

  it("parks what the relay's owner declares unpublishable, and retries any other failure", async () => {
    await placeOrders(createOrderStore(t.db), 1);
    const [first, second] = (await listOutbox(t.db)).map((row) => row.id);
    let nacks = 0;
    const r = relay(t.db, {
      publish: async (message) => {
        if (message.id === first) throw new Error('refused for good');
        if (message.id === second && nacks++ < 1) throw new Error('nack from broker');
      },
      unpublishable: (error) => error instanceof Error && error.message === 'refused for good',
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      onError: () => undefined,
    });
    // The predicate decides: here the first error is declared unpublishable, the second is not.
    expect(await r.runOnce()).toMatchObject({ parked: 1, failed: 1, published: 0 });
    await until(async () => (await r.runOnce()).published === 1);
    expect((await listOutbox(t.db, { parkedOnly: true })).map((row) => row.id)).toEqual([first]);
  });

  it('stop() waits for the batch in flight, whose rows end up marked sent', async () => {
    await createOrderStore(t.db).createOrder(createOrderCommand());
    const started = deferred();
    const gate = deferred();
    const r = relay(t.db, {
      publish: async () => {
        started.resolve();
        await gate.promise;
      },
    });
    r.start();
    await started.promise;
    let stopped = false;
    const stopping = r.stop().then(() => void (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // the publish has not returned, so stop() cannot have
    gate.resolve();
    await stopping;
    expect(r.running).toBe(false);
    expect(await countUnsent(t.db)).toBe(0);
  });

  it('loses no event when the process dies between commit and publish', async () => {
    const durable = await backend.fresh({ persistent: true });
    try {
      // The first process commits orders; its relay never gets to publish before the process dies.
      const doomed = relay(durable.db, { publish: async () => expect.fail('the first process never publishes') });
      const written = await placeOrders(createOrderStore(durable.db, { afterCommit: () => doomed.wake() }), 6);
      const committed = (await listOutbox(durable.db)).map((row) => row.id);
      expect(committed).toHaveLength(written);
      relays.splice(relays.indexOf(doomed), 1); // thrown away, never stopped

      // A new process: the data as it was committed, a new relay.
      const db = await durable.restart();
      const published: string[] = [];
      const successor = relay(db, { publish: async (message) => void published.push(message.id), pollIntervalMs: 20 });
      successor.start();
      await until(async () => (await countUnsent(db)) === 0);
      await successor.stop();
      expectAggregateOrder(published, await listOutbox(db));
    } finally {
      await durable.dispose();
    }
  });

  it('loses no event when a relay dies in the middle of a batch: its rows go out again after the lease', async () => {
    const written = await placeOrders(createOrderStore(t.db), 4);
    const rows = await listOutbox(t.db);
    expect(rows).toHaveLength(written);

    const hang = deferred();
    const hanging: string[] = [];
    const confirmedByA: string[] = [];
    const a = relay(t.db, {
      relayId: 'relay-a',
      leaseMs: 300,
      onError: () => undefined,
      publish: async (message) => {
        if (confirmedByA.length === 2) {
          hanging.push(message.id);
          await hang.promise; // the broker never confirms: the process is as good as dead
        }
        confirmedByA.push(message.id);
      },
    });
    a.start();
    await until(() => hanging.length > 0);

    const other = await t.connect();
    const publishedByB: string[] = [];
    const b = relay(other, {
      relayId: 'relay-b',
      leaseMs: 300,
      pollIntervalMs: 20,
      publish: async (message) => void publishedByB.push(message.id),
    });
    b.start();
    await until(async () => (await countUnsent(t.db)) === 0);
    // The first rows of the first two orders were confirmed; every other row went out through B,
    // the ones A hung on again with the ids A used (a duplicate downstream can tell).
    expect(confirmedByA).toEqual([rows[0]?.id, rows[1]?.id]);
    expect(hanging.every((id) => publishedByB.includes(id))).toBe(true);
    expectAggregateOrder([...confirmedByA, ...publishedByB], rows);

    hang.reject(new Error('connection lost')); // let relay A's batch end; it must not undo B's work
    await a.stop();
    await b.stop();
    expect(await countUnsent(t.db)).toBe(0);
  });

  it('with two relays, publishes every row exactly once, never the same row at once, each order in order', async () => {
    const written = await placeOrders(createOrderStore(t.db), 24);
    const rows = await listOutbox(t.db);
    expect(rows).toHaveLength(written);

    const inFlight = new Set<string>();
    const publishes = new Map<string, number>();
    const log: string[] = [];
    let overlaps = 0;
    const publisher = (name: string) => async (message: OutboxMessage) => {
      if (inFlight.has(message.id)) overlaps++;
      inFlight.add(message.id);
      publishes.set(message.id, (publishes.get(message.id) ?? 0) + 1);
      log.push(`start ${message.id} ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`end ${message.id} ${name}`);
      inFlight.delete(message.id);
    };
    const second = await t.connect();
    const a = relay(t.db, { relayId: 'relay-a', publish: publisher('a'), batchSize: 4, pollIntervalMs: 10 });
    const b = relay(second, { relayId: 'relay-b', publish: publisher('b'), batchSize: 4, pollIntervalMs: 10 });
    a.start();
    b.start();
    await until(async () => (await countUnsent(t.db)) === 0);
    await Promise.all([a.stop(), b.stop()]);

    expect(overlaps).toBe(0);
    expect([...publishes.keys()].sort()).toEqual(rows.map((row) => row.id).sort());
    expect([...publishes.values()].every((n) => n === 1)).toBe(true);
    // Within one order, an event is confirmed before the next one is handed to a relay.
    const at = (entry: string) => log.findIndex((line) => line.startsWith(entry));
    const byOrder = new Map<string, typeof rows>();
    for (const row of rows) byOrder.set(row.aggregateId, [...(byOrder.get(row.aggregateId) ?? []), row]);
    expect([...byOrder.values()].some((events) => events.length > 1)).toBe(true);
    for (const events of byOrder.values()) {
      for (let i = 1; i < events.length; i++) {
        expect(at(`end ${events[i - 1]?.id}`)).toBeLessThan(at(`start ${events[i]?.id}`));
      }
    }
  });
});
