/**
 * Connection loss on a real broker. This file runs in a vhost of its own, so closing "all"
 * connections (rabbitmqctl close_all_connections --vhost) never disturbs other test files.
 * - 10,000 events while the broker closes both the producer's and the consumer's connections:
 *   every confirmed publish is received (duplicates allowed: at-least-once), none fails.
 * - An outage (TCP proxy cut): a publish waits, bounded, then fails loudly; after the outage
 *   publishing resumes. The password of the URL never reaches a log line or an error.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, isCatwireError, startService, type Transport } from '../../runtime/index.js';
import { checkoutContract, ordersContract, params } from './fixtures/contracts.js';
import { brokerUrl, ctl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { deferred, sleep, waitFor } from './helpers/wait.js';

const vhost = `catwire-resilience-${randomBytes(3).toString('hex')}`;
const user = `catwire-${randomBytes(3).toString('hex')}`;
const password = `pw-${randomBytes(8).toString('hex')}`;
let url: string;
let prefix: string;
const transports: Transport[] = [];
const view = { orderId: 'o', status: 'NEW', total: 1 } as const;

beforeAll(async () => {
  const base = new URL(await brokerUrl());
  await Promise.all([ctl('add_vhost', vhost), ctl('add_user', user, password)]);
  await ctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
  base.username = user;
  base.password = password;
  base.pathname = `/${vhost}`;
  url = base.toString();
}, 60_000);

afterAll(async () => {
  await Promise.all([ctl('delete_vhost', vhost), ctl('delete_user', user)]);
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await deleteTopology(url, prefix, params, ordersContract(), checkoutContract());
});

async function rabbit(options: Partial<Parameters<typeof createRabbitTransport>[0]> = {}): Promise<Transport> {
  const transport = await createRabbitTransport({ url, prefix, params, reconnect: { initialDelayMs: 50, maxDelayMs: 500 }, ...options });
  transports.push(transport);
  return transport;
}

describe('connection loss', () => {
  it('connects to the vhost given as an option (the URL keeps its own otherwise)', async () => {
    prefix = uniquePrefix();
    const root = new URL(url);
    root.pathname = '/';
    const seen: string[] = [];
    const transport = await rabbit({ url: root.toString(), vhost, logger: captureLogger() });
    expect(transport.description).toContain(`/${vhost}`);
    await startService(transport, checkoutContract(), { handlers: { orderPlaced: async (p) => void seen.push(p.orderId) } });
    const orders = await startService(transport, ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
    await orders.producer.orderPlaced({ orderId: 'in-vhost', total: 1 });
    await waitFor(() => seen.length === 1, 'the event inside the vhost');
  });

  it('loses no confirmed message when the broker closes every connection mid-stream of 10,000', async () => {
    prefix = uniquePrefix();
    const total = 10_000;
    const producerLog = captureLogger();
    // The second half of the stream waits until the producer saw its connection drop, so the
    // loss lands mid-stream however slow `rabbitmqctl` is on a busy machine.
    const lost = deferred();
    const warn = producerLog.warn;
    producerLog.warn = (event, fields) => {
      if (event === 'connection-lost') lost.resolve();
      warn(event, event === 'connection-lost' ? { ...fields, confirmed: confirmed.size } : fields);
    };
    const consumerLog = captureLogger();
    const received = new Set<number>();
    let deliveries = 0;
    await startService(await rabbit({ logger: consumerLog, connectionName: 'consumer' }), checkoutContract({ prefetch: 200 }), {
      handlers: {
        orderPlaced: async ({ total: seq }) => {
          deliveries++;
          received.add(seq);
        },
      },
    });
    const orders = await startService(await rabbit({ logger: producerLog, connectionName: 'producer' }), ordersContract(), {
      handlers: { placeOrder: async () => {}, getOrder: async () => view },
    });
    const confirmed = new Set<number>();
    const failures: unknown[] = [];
    let closing: Promise<string> | undefined;
    let next = 0;
    // Paced at 4,000 msg/s (2.5 s in all) so that the close lands mid-stream whatever the machine.
    const rate = 4_000;
    const begin = Date.now();
    const worker = async () => {
      while (next < total) {
        const seq = next++;
        const due = begin + (seq / rate) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        if (seq >= total / 2) await lost.promise;
        try {
          await orders.producer.orderPlaced({ orderId: `o${seq}`, total: seq });
          confirmed.add(seq);
        } catch (err) {
          failures.push(err);
        }
        if (confirmed.size >= 1_500 && !closing) {
          closing = ctl('close_all_connections', '--vhost', vhost, 'catwire resilience test');
          closing.catch(() => lost.resolve()); // reported by `await closing` below
        }
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    await closing;
    expect(failures).toEqual([]);
    expect(confirmed.size).toBe(total);
    await waitFor(() => received.size >= total, `all ${total} confirmed messages to arrive (have ${received.size})`, 60_000);
    expect([...confirmed].filter((seq) => !received.has(seq))).toEqual([]);
    // The loss really happened mid-stream, on both sides, and both recovered.
    const lostAt = producerLog.lines.find((l) => l.event === 'connection-lost')?.fields['confirmed'];
    expect(lostAt).toBeGreaterThan(0);
    expect(lostAt).toBeLessThan(total);
    expect(consumerLog.events()).toContain('connection-lost');
    await waitFor(() => producerLog.events().includes('reconnected') && consumerLog.events().includes('reconnected'), 'both reconnects');
    expect(deliveries).toBeGreaterThanOrEqual(total); // redeliveries are allowed, losses are not
  }, 120_000);

  it('makes a publish wait out a short outage, fails it loudly after the bound, and never logs the password', async () => {
    prefix = uniquePrefix();
    const broker = new URL(url);
    const proxy: TcpProxy = await startTcpProxy({ host: broker.hostname, port: Number(broker.port) });
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    const logger = captureLogger();
    try {
      const transport = await rabbit({ url: viaProxy.toString(), logger, publishTimeoutMs: 1_500 });
      const orders = await startService(transport, ordersContract(), { handlers: { placeOrder: async () => {}, getOrder: async () => view } });
      await orders.producer.orderPlaced({ orderId: 'before', total: 1 });

      proxy.cut();
      const waiting = orders.producer.orderPlaced({ orderId: 'during-short-outage', total: 2 });
      setTimeout(() => proxy.restore(), 300);
      await expect(waiting).resolves.toBeUndefined();

      proxy.cut();
      const error = await orders.producer.orderPlaced({ orderId: 'during-long-outage', total: 3 }).catch((err: unknown) => err);
      expect(isCatwireError(error, 'publish-timeout')).toBe(true);
      expect(String((error as Error).message)).toMatch(/^order-placed@1\.0\.0 was not (published|confirmed) within 1500 ms/);
      expect(String((error as Error).message)).toContain(`${user}:***@`);
      proxy.restore();
      await orders.producer.orderPlaced({ orderId: 'after', total: 4 });

      const wrong = new URL(viaProxy.toString());
      wrong.password = `${password}-wrong`;
      const refused = await createRabbitTransport({ url: wrong.toString(), logger, connectTimeoutMs: 300 }).catch((err: unknown) => err);
      expect(isCatwireError(refused, 'connection-failed')).toBe(true);
      expect(String((refused as Error).message)).not.toContain(password);

      expect(logger.events()).toEqual(expect.arrayContaining(['connection-lost', 'connect-failed', 'reconnected']));
      expect(logger.text()).toContain(`${user}:***@`);
      expect(logger.text()).not.toContain(password);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
