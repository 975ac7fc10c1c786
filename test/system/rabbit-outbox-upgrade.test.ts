/**
 * Outbox rows across an upgrade, on RabbitMQ: rows the Order Service wrote as order-created
 * 1.0.0 before it moved to 2.0.0 are published by the new code's relay through the event's
 * bridge (docs/versions.md): as written under 1.0.0 (the Notifications Service still pins it,
 * and gets the row id the old code would have used), upcast under 2.0.0 for the Checkout
 * Orchestrator. Each receiver gets each row once; nothing is dead-lettered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutOrchestratorContract } from '../../generated/services/checkout-orchestrator/index.js';
import { notificationServiceContract } from '../../generated/services/notification-service/index.js';
import { orderServiceContract } from '../../generated/services/order-service/index.js';
import type { OrderCreatedV100 } from '../../generated/types/order-created-v1-0-0.js';
import { createRabbitTransport, silentLogger, type Transport } from '../../runtime/index.js';
import { migrate, openDatabase, type Database } from '../../system/db/index.js';
import { enqueueOutboxMessage, listOutbox } from '../../system/outbox/index.js';
import { startOrderServiceProcess, type OrderServiceProcess } from '../../system/services/index.js';
import { brokerUrl, deleteTopology, queueDepth, uniquePrefix } from '../runtime/helpers/broker.js';
import { createOrderCommand } from './helpers/orders.js';
import { recordingLogger, startProbe, uuid } from './services/helpers.js';

const params = { env: 'test' };
let url: string;
let prefix: string;
let db: Database;
let transport: Transport;
let process: OrderServiceProcess | undefined;

beforeAll(async () => {
  url = await brokerUrl();
  prefix = uniquePrefix();
  db = await openDatabase({ dataDir: 'memory://' });
  transport = await createRabbitTransport({ url, prefix, params, logger: silentLogger });
}, 60_000);

afterAll(async () => {
  await process?.stop();
  await transport?.close();
  await db?.close();
  await deleteTopology(url, prefix, params, orderServiceContract, checkoutOrchestratorContract, notificationServiceContract);
});

/** order-created as the 1.0.0 code wrote it: the address is `shippingAddress`, no discountTotal. */
function writtenByOldCode(): OrderCreatedV100 {
  const { orderId, checkoutId, customerId, items, total, shippingAddress } = createOrderCommand();
  return { orderId, checkoutId, customerId, items, total, shippingAddress, createdAt: '2026-12-01T09:00:00.000Z' };
}

describe('outbox rows of order-created 1.0.0 after the upgrade to 2.0.0 (RabbitMQ)', () => {
  it('are published by the new relay to both majors, once each, nothing dead-lettered', async () => {
    await migrate(db);
    const rows = [writtenByOldCode(), writtenByOldCode()];
    const correlationId = uuid();
    const ids = await db.transaction(async (tx) =>
      Promise.all(
        rows.map(async (payload) => (await enqueueOutboxMessage(tx, { type: 'order-created', version: '1.0.0', aggregateType: 'order', aggregateId: payload.orderId, payload, metadata: { correlationId } })).id),
      ),
    );

    const saga = await startProbe(transport, checkoutOrchestratorContract);
    const notifications = await startProbe(transport, notificationServiceContract);
    const log = recordingLogger();
    process = await startOrderServiceProcess(transport, { db, logger: log, relay: { pollIntervalMs: 50 } });
    await expect.poll(async () => (await listOutbox(db, { unsentOnly: true })).length, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => saga.all('orderCreated').length + notifications.all('orderCreated').length, { timeout: 20_000 }).toBe(4);

    // The pinned receiver gets each row as it was written, with the row id as message id.
    const old = notifications.all('orderCreated');
    expect(old.map((r) => r.envelope.messageId).sort()).toEqual([...ids].sort());
    for (const r of old) {
      expect(r.envelope).toMatchObject({ version: '1.0.0', correlationId, source: 'order-service' });
      expect(r.payload).toEqual(rows[ids.indexOf(r.envelope.messageId)]);
    }
    // The current receiver gets the upcast: the address renamed, the discount stated from the lines.
    const current = saga.all('orderCreated');
    expect(current.map((r) => r.envelope.messageId).sort()).toEqual(ids.map((id) => `${id}.v2`).sort());
    for (const r of current) {
      const { shippingAddress, ...unchanged } = rows[ids.indexOf(r.envelope.messageId.replace(/\.v2$/, ''))] as OrderCreatedV100;
      expect(r.envelope).toMatchObject({ version: '2.0.0', correlationId });
      expect(r.payload).toEqual({ ...unchanged, deliveryAddress: shippingAddress, discountTotal: { amount: 1290, currency: 'EUR' } });
    }

    // Marked sent: another pass publishes nothing again; no relay error, no dead letter.
    expect((await (process as OrderServiceProcess).relay.runOnce()).claimed).toBe(0);
    expect(log.find('outbox-relay-error')).toEqual([]);
    for (const queue of ['checkout-orchestrator.dlq', 'notification-service.dlq']) expect(await queueDepth(url, `${prefix}${queue}`)).toBe(0);
    expect(saga.all('orderCreated')).toHaveLength(2);
    expect(notifications.all('orderCreated')).toHaveLength(2);
  }, 60_000);
});
