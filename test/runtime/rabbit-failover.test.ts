/**
 * Several broker URLs on the single test node, each behind a TCP proxy of its own, so that one
 * "node" can be cut while the others stay: the transport connects to the first URL that
 * answers, moves to the next at once when its connection is lost (no backoff while another URL
 * is left to try), re-declares its topology and resumes its consumer there. The passwords of
 * every URL stay out of logs and errors. (The real cluster is test/cluster/.)
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitTransport, createTransport, isCatwireError, startService, type Transport } from '../../runtime/index.js';
import { checkoutContract, ordersContract, params } from './fixtures/contracts.js';
import { brokerUrl, ctl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait.js';

const user = `catwire-fo-${randomBytes(3).toString('hex')}`;
const password = `pw-${randomBytes(8).toString('hex')}`;
let target: { host: string; port: number };
let prefix: string;
const transports: Transport[] = [];
const proxies: TcpProxy[] = [];

function urlVia(port: number, secret = password): string {
  return `amqp://${user}:${secret}@127.0.0.1:${port}`;
}

beforeAll(async () => {
  const base = new URL(await brokerUrl());
  target = { host: base.hostname, port: Number(base.port) };
  await ctl('add_user', user, password);
  await ctl('set_permissions', '-p', '/', user, '.*', '.*', '.*');
}, 60_000);

afterAll(async () => {
  await ctl('delete_user', user);
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  const direct = new URL(await brokerUrl());
  await deleteTopology(direct.toString(), prefix, params, ordersContract(), checkoutContract());
});

async function proxy(): Promise<TcpProxy> {
  const p = await startTcpProxy(target);
  proxies.push(p);
  return p;
}

describe('several broker URLs', () => {
  it('skips a URL that refuses, fails over to the next on loss, and resumes the consumer there', async () => {
    prefix = uniquePrefix();
    const [a, b, c] = [await proxy(), await proxy(), await proxy()];
    a.cut(); // the first node is down from the start
    const logger = captureLogger();
    const transport = await createRabbitTransport({
      url: [a, b, c].map((p) => urlVia(p.port)).join(', '),
      prefix,
      params,
      logger,
      // A backoff long enough that the test would time out if failover waited for it.
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    transports.push(transport);
    expect(logger.lines.find((l) => l.event === 'connected')?.fields['url']).toBe(`amqp://${user}:***@127.0.0.1:${b.port}`);

    const seen = new Set<string>();
    await startService(transport, checkoutContract(), { handlers: { orderPlaced: async (p) => void seen.add(p.orderId) } });
    const orders = await startService(transport, ordersContract(), {
      handlers: { placeOrder: async () => {}, getOrder: async () => ({ orderId: 'o', status: 'NEW', total: 1 }) },
    });
    await orders.producer.orderPlaced({ orderId: 'before', total: 1 });
    await waitFor(() => seen.has('before'), 'the event before the loss');

    b.cut(); // the node we are on goes down: the next URL (c) is taken at once
    await waitFor(() => logger.events().includes('reconnected'), 'the reconnect to the third URL');
    expect(logger.lines.find((l) => l.event === 'reconnected')?.fields['url']).toBe(`amqp://${user}:***@127.0.0.1:${c.port}`);
    await orders.producer.orderPlaced({ orderId: 'after', total: 2 });
    await waitFor(() => seen.has('after'), 'the event after failing over (consumer resumed)');

    expect(logger.events()).toContain('connection-lost');
    expect(logger.text()).not.toContain(password);
  });

  it('takes the list from AMQP_URL-style text and from `urls`, and redacts every password in a failure', async () => {
    prefix = uniquePrefix();
    const [a, b] = [await proxy(), await proxy()];
    a.cut();
    b.cut();
    const other = `pw2-${randomBytes(6).toString('hex')}`;
    const logger = captureLogger();
    const failed = await createTransport({
      urls: [urlVia(a.port), urlVia(b.port, other)],
      logger,
      connectTimeoutMs: 500,
      reconnect: { initialDelayMs: 50, maxDelayMs: 100 },
    }).catch((err: unknown) => err);
    expect(isCatwireError(failed, 'connection-failed')).toBe(true);
    const message = (failed as Error).message;
    expect(message).toContain(`could not connect to amqp://${user}:***@127.0.0.1:${a.port},amqp://${user}:***@127.0.0.1:${b.port}`);
    for (const secret of [password, other]) {
      expect(message).not.toContain(secret);
      expect(logger.text()).not.toContain(secret);
    }
    // Both URLs were tried, the second right after the first.
    expect(new Set(logger.lines.filter((l) => l.event === 'connect-failed').map((l) => l.fields['url']))).toEqual(
      new Set([`amqp://${user}:***@127.0.0.1:${a.port}`, `amqp://${user}:***@127.0.0.1:${b.port}`]),
    );

    const blank = await createRabbitTransport({ url: ' , ' }).catch((err: unknown) => err);
    expect(isCatwireError(blank, 'connection-failed')).toBe(true);
    expect((blank as Error).message).toBe('no broker URL given: pass url (one URL, or several separated by commas) or urls');
  });

  it('declares every queue with the type CATWIRE_QUEUE_TYPE names, over the contract, and refuses another value', async () => {
    prefix = uniquePrefix();
    const before = process.env['CATWIRE_QUEUE_TYPE'];
    try {
      process.env['CATWIRE_QUEUE_TYPE'] = 'classic';
      const transport = await createTransport({ url: await brokerUrl(), prefix, params, logger: captureLogger() });
      transports.push(transport);
      await startService(transport, checkoutContract({ queueType: 'quorum' }), { handlers: { orderPlaced: async () => {} } });
      const types = (await ctl('list_queues', '--quiet', '--no-table-headers', 'name', 'type'))
        .split('\n')
        .filter((line) => line.startsWith(prefix))
        .map((line) => line.split(/\s+/)[1]);
      expect(types.length).toBeGreaterThan(0);
      expect(new Set(types)).toEqual(new Set(['classic']));

      process.env['CATWIRE_QUEUE_TYPE'] = 'mirrored';
      const refused = await createTransport({ url: await brokerUrl(), logger: captureLogger() }).catch((err: unknown) => err);
      expect((refused as Error).message).toBe(`CATWIRE_QUEUE_TYPE is "mirrored": set it to classic or quorum, or leave it unset to use the contract's queue type`);
    } finally {
      if (before === undefined) delete process.env['CATWIRE_QUEUE_TYPE'];
      else process.env['CATWIRE_QUEUE_TYPE'] = before;
    }
  });
});
