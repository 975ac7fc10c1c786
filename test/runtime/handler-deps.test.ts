/**
 * `ServiceOptions.deps` reaches every handler as `ctx.deps`, typed by the service's `D`; a
 * service started without deps gives its handlers `undefined` and its type says so.
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createMemoryTransport, silentLogger, startService, type HandlerContext, type Transport } from '../../runtime/index.js';
import { checkoutContract, ordersContract } from './fixtures/contracts.js';

type Orders = ReturnType<typeof ordersContract>;

interface OrderDeps {
  readonly placed: string[];
  readonly price: (sku: string) => number;
}

let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
});

describe('handler deps', () => {
  it('types ctx.deps by the service and defaults it to undefined', () => {
    expectTypeOf<HandlerContext<Orders, OrderDeps>['deps']>().toEqualTypeOf<OrderDeps>();
    expectTypeOf<HandlerContext<Orders>['deps']>().toEqualTypeOf<undefined>();
  });

  it('hands the same deps object to every handler of the service', async () => {
    transport = createMemoryTransport({ params: { env: 'test' }, logger: silentLogger });
    const deps: OrderDeps = { placed: [], price: (sku) => (sku === 'SHOE' ? 129 : 15) };
    const seen: OrderDeps[] = [];
    await startService<Orders, OrderDeps>(transport, ordersContract(), {
      deps,
      handlers: {
        placeOrder: (payload, ctx) => {
          seen.push(ctx.deps);
          ctx.deps.placed.push(payload.orderId);
        },
        getOrder: (payload, ctx) => {
          seen.push(ctx.deps);
          return { orderId: payload.orderId, status: ctx.deps.placed.includes(payload.orderId) ? 'PAID' : 'NEW', total: ctx.deps.price('SHOE') };
        },
      },
    });
    const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: (_payload, ctx) => expect(ctx.deps).toBeUndefined() } });
    await checkout.producer.placeOrder({ orderId: 'o-1', customerId: 'c-1', items: [{ sku: 'SHOE', qty: 1 }] });
    await expect.poll(() => deps.placed).toEqual(['o-1']);
    expect(await checkout.producer.getOrder({ orderId: 'o-1' })).toEqual({ orderId: 'o-1', status: 'PAID', total: 129 });
    expect(seen).toHaveLength(2);
    for (const d of seen) expect(d).toBe(deps);
  });
});
