/**
 * `{param}` placeholders the transport's `params` leave open: `CATWIRE_ENV` fills `{env}`, else
 * the catalog's default that the generated contract carries; explicit params win over both.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, defineMessage, silentLogger, startService, type DeliveryInfo, type ServiceContract, type Transport } from '../../runtime/index.js';
import { contractParams } from '../../runtime/internal/naming.js';
import { waitFor } from './helpers/wait.js';

const shipped = defineMessage<{ id: string }>({
  id: 'shipped', version: '1.0.0', kind: 'event', exchange: 'shop.{env}.events', routingKey: 'shipped.v1',
  schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
});
const topology = {
  exchanges: [{ name: 'shop.{env}.events', type: 'topic', durable: true }],
  queues: [{ name: 'tracker', role: 'main', type: 'classic' }, { name: 'tracker.dlq', role: 'dead-letter', type: 'classic' }],
  bindings: [{ exchange: 'shop.{env}.events', queue: 'tracker', routingKey: 'shipped.v1' }],
} as const;
const parameters = { env: { default: 'dev', enum: ['dev', 'test', 'prod'] } };
const sender = { service: { id: 'warehouse', name: 'Warehouse', version: '1.0.0' }, sends: { publishShipped: shipped }, receives: {}, queue: 'warehouse', retry: { delaysMs: [] }, prefetch: 1, topology: { exchanges: topology.exchanges, queues: [], bindings: [] }, parameters } as const satisfies ServiceContract;
const receiver = { service: { id: 'tracker', name: 'Tracker', version: '1.0.0' }, sends: {}, receives: { shipped }, queue: 'tracker', retry: { delaysMs: [] }, prefetch: 1, topology, parameters } as const satisfies ServiceContract;

let transport: Transport | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await transport?.close();
  transport = undefined;
});

/** Where a published message arrived, with the transport made by `make`. */
async function deliveredVia(make: () => Transport): Promise<DeliveryInfo> {
  transport = make();
  const seen: DeliveryInfo[] = [];
  await startService(transport, receiver, { handlers: { shipped: (_p, ctx) => void seen.push(ctx.delivery) } });
  const { producer } = await startService(transport, sender, { handlers: {} });
  await producer.publishShipped({ id: 's-1' });
  await waitFor(() => seen.length === 1, 'the delivery');
  return seen[0] as DeliveryInfo;
}

describe('channel parameters', () => {
  it('merge in order: params, then CATWIRE_ENV for env, then the catalog default', () => {
    const defined = { env: { default: 'dev' }, region: { default: 'eu' }, open: {} };
    expect(contractParams({}, defined, undefined)).toEqual({ env: 'dev', region: 'eu' });
    expect(contractParams({}, defined, 'test')).toEqual({ env: 'test', region: 'eu' });
    expect(contractParams({ env: 'prod', region: 'us' }, defined, 'test')).toEqual({ env: 'prod', region: 'us' });
    expect(contractParams({}, undefined, undefined)).toEqual({});
  });

  it("fill {env} with the catalog's default when nothing else does", async () => {
    vi.stubEnv('CATWIRE_ENV', '');
    expect(await deliveredVia(() => createMemoryTransport({ logger: silentLogger }))).toEqual({ exchange: 'shop.dev.events', routingKey: 'shipped.v1' });
  });

  it('read CATWIRE_ENV in the runtime itself', async () => {
    vi.stubEnv('CATWIRE_ENV', 'test');
    expect(await deliveredVia(() => createMemoryTransport({ logger: silentLogger }))).toEqual({ exchange: 'shop.test.events', routingKey: 'shipped.v1' });
  });

  it("let the transport's params win", async () => {
    vi.stubEnv('CATWIRE_ENV', 'test');
    expect(await deliveredVia(() => createMemoryTransport({ params: { env: 'prod' }, logger: silentLogger }))).toEqual({ exchange: 'shop.prod.events', routingKey: 'shipped.v1' });
  });

  it('say how to fill a parameter without a default', async () => {
    vi.stubEnv('CATWIRE_ENV', '');
    transport = createMemoryTransport({ logger: silentLogger });
    await expect(startService(transport, { ...sender, parameters: {} }, { handlers: {} })).rejects.toThrow(
      `contract of service warehouse is not usable: name "shop.{env}.events" needs parameter "env"; pass params: { env: '…' } to the transport, set CATWIRE_ENV, or give the parameter a default in the catalog's channel`,
    );
  });
});
