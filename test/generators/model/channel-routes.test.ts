/**
 * Channel routes: senders and receivers on channels joined by `routes` (an exchange and its
 * queue, one bus forwarding to another) are on one path, so CW051 is only for channels no route
 * connects; it names channels by id, as sends[].to and receives[].from do.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, producer } from './fixtures.js';
import { report } from './report.js';

const ch = (id: string, extra: object = {}) => ({ id, name: id, version: '1.0.0', summary: `Channel ${id}`, owners: ['core'], protocols: ['amqp'], ...extra });

/** The producer sends to `to`, the consumer receives from `from`; `channels` are written as given. */
const via = (to: string, from: string, channels: Record<string, object>): FileMap => ({
  ...BASE_FILES,
  ...Object.fromEntries(Object.entries(channels).map(([id, fm]) => [`channels/${id}/index.mdx`, fm])),
  'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', to: [{ id: to }] }] },
  'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', from: [{ id: from }] }] },
});

async function exchangeOf(files: FileMap): Promise<string | undefined> {
  const { root, cleanup } = writeCatalog(files);
  try {
    const { model } = await analyzeCatalog(root);
    return model.codegen.services.find((s) => s.service.id === 'producer')?.sends[0]?.exchange;
  } finally {
    cleanup();
  }
}

describe('channel routes', () => {
  const routed = via('orders', 'orders-queue', {
    orders: ch('orders', { address: 'orders.exchange', routes: [{ id: 'orders-queue' }] }),
    'orders-queue': ch('orders-queue', { address: 'orders.queue' }),
  });

  it('a sender on an exchange channel and a receiver on the queue it routes to: no CW051, published on the exchange', async () => {
    expect(await report(routed, ['CW051'])).toEqual([]);
    expect(await exchangeOf(routed)).toBe('orders.exchange');
  });

  it('follows routes transitively and in either direction', async () => {
    const chain = via('queue', 'bus', {
      bus: ch('bus', { routes: [{ id: 'hub' }] }),
      hub: ch('hub', { routes: [{ id: 'queue' }] }),
      queue: ch('queue'),
    });
    expect(await report(chain, ['CW051'])).toEqual([]);
    expect(await exchangeOf(chain)).toBe('bus');
  });

  it('channels no route connects get CW051, naming them by id with their address', async () => {
    const apart = via('orders', 'payments', { orders: ch('orders', { address: 'orders.exchange' }), payments: ch('payments') });
    expect(await report(apart, ['CW051'])).toEqual([
      'CW051 services/Producer/events/ThingHappened/index.mdx:2 id — "thing-happened" is sent and received over channels that no route connects (orders (orders.exchange); payments); catwire routes it over exchange orders.exchange only. Name the same channel, or channels connected by routes, in every sends[].to and receives[].from of this message.',
    ]);
  });
});
