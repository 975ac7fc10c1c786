/**
 * Type-level tests: checked by `tsc -p tsconfig.json` (each `@ts-expect-error` must find an
 * error, or the type check fails) and by vitest's expectTypeOf at run time (trivially).
 * They prove that a contract literal alone types the producer and the handler map.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createMemoryTransport,
  startService,
  type Envelope,
  type HandlerContext,
  type Handlers,
  type PayloadOf,
  type Producer,
  type ResponseOf,
} from '../../runtime/index.js';
import { checkoutContract, ordersContract, type getOrder, type GetOrder, type OrderPlaced, type OrderView, type PlaceOrder } from './fixtures/contracts.js';

type Orders = ReturnType<typeof ordersContract>;
type Checkout = ReturnType<typeof checkoutContract>;

describe('types derived from a contract', () => {
  it('attaches payload and response types with defineMessage', () => {
    expectTypeOf<PayloadOf<typeof getOrder>>().toEqualTypeOf<GetOrder>();
    expectTypeOf<ResponseOf<typeof getOrder>>().toEqualTypeOf<OrderView>();
  });

  it('gives one producer method per sent message: void for commands and events, the response for queries', () => {
    expectTypeOf<Producer<Checkout>['placeOrder']>().parameter(0).toEqualTypeOf<PlaceOrder>();
    expectTypeOf<Producer<Checkout>['placeOrder']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<Producer<Checkout>['getOrder']>().returns.toEqualTypeOf<Promise<OrderView>>();
    expectTypeOf<Producer<Orders>['orderPlaced']>().parameter(0).toEqualTypeOf<OrderPlaced>();
    expectTypeOf<keyof Producer<Orders>>().toEqualTypeOf<'orderPlaced'>();
  });

  it('requires one handler per received message, typed by its payload', () => {
    expectTypeOf<keyof Handlers<Orders>>().toEqualTypeOf<'placeOrder' | 'getOrder'>();
    expectTypeOf<Handlers<Orders>['placeOrder']>().parameter(0).toEqualTypeOf<PlaceOrder>();
    expectTypeOf<Handlers<Orders>['placeOrder']>().parameter(1).toEqualTypeOf<HandlerContext<Orders>>();
    expectTypeOf<HandlerContext<Orders>['envelope']>().toEqualTypeOf<Envelope>();
    expectTypeOf<HandlerContext<Orders>['producer']>().toEqualTypeOf<Producer<Orders>>();
  });
});

// Never called: these bodies exist for the compiler. Each @ts-expect-error below is a proof.
export async function compileTimeProofs(): Promise<void> {
  const transport = createMemoryTransport();
  const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async () => {} } });

  // @ts-expect-error — a wrong payload does not compile (qty must be a number)
  await checkout.producer.placeOrder({ orderId: 'o', customerId: 'c', items: [{ sku: 'A', qty: '1' }] });
  // @ts-expect-error — a missing field does not compile
  await checkout.producer.placeOrder({ orderId: 'o', customerId: 'c' });
  // @ts-expect-error — a message the service does not send has no method
  await checkout.producer.orderPlaced({ orderId: 'o', total: 1 });
  const view: OrderView = await checkout.producer.getOrder({ orderId: 'o' });
  void view;

  // @ts-expect-error — a missing handler does not compile (getOrder)
  await startService(transport, ordersContract(), { handlers: { placeOrder: async () => {} } });

  await startService(transport, ordersContract(), {
    handlers: {
      placeOrder: async () => {},
      // @ts-expect-error — a query handler must return the response type
      getOrder: async () => ({ orderId: 'o' }),
    },
  });

  await startService(transport, ordersContract(), {
    handlers: {
      placeOrder: async (payload, ctx) => {
        // @ts-expect-error — the payload is typed: PlaceOrder has no `total`
        void payload.total;
        // @ts-expect-error — the handler's producer is typed by the contract's sends
        await ctx.producer.orderPlaced({ orderId: payload.orderId });
      },
      getOrder: async ({ orderId }) => ({ orderId, status: 'NEW', total: 0 }),
      // @ts-expect-error — a handler for a message the service does not receive does not compile
      cancelOrder: async () => {},
    },
  });
}
