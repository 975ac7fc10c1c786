/**
 * One checkout of the order system with an OpenTelemetry SDK registered the way an application
 * registers it (system/trace-tree.ts: in-memory exporter, AsyncLocalStorage context manager):
 * every service that takes part records its spans in ONE trace, a single tree rooted at the
 * storefront's checkout-cart send, each process span the child of the send it handles.
 */
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../../generated/index.js';
import { createMemoryTransport, silentLogger, type Transport } from '../../runtime/index.js';
import { openDatabase, type Database } from '../../system/db/index.js';
import { startCheckoutOrchestratorProcess, startPlaceAnOrderServices } from '../../system/services/index.js';
import { ADDRESS, SHOE, SOCK } from '../../system/shop.js';
import { captureTraces, renderTraceTree, type TraceCapture } from '../../system/trace-tree.js';

describe('OpenTelemetry across the order system', () => {
  let traces: TraceCapture;
  let db: Database;
  let transport: Transport;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    // Before any service starts: a service decides on telemetry when it starts.
    traces = captureTraces();
    db = await openDatabase({ dataDir: 'memory://' });
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await transport?.close();
    await db?.close();
    await traces?.close();
  });

  it('records one checkout as one trace across every service that took part', async () => {
    transport = createMemoryTransport({ params: { env: 'test' }, logger: silentLogger });
    const customerId = crypto.randomUUID();
    const services = await startPlaceAnOrderServices(transport, {
      logger: silentLogger,
      orderService: { db },
      inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 5 }, { ...SOCK, onHand: 5 }] } },
      notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl' } } } },
      cart: { carts: { products: [SHOE, SOCK] } },
    });
    stops.push(() => services.stop());
    const orchestrator = await startCheckoutOrchestratorProcess(transport, { db, logger: silentLogger, sweepMs: 250 });
    stops.push(() => orchestrator.stop());
    const storefront = await generated.startStorefront(transport, {}, { logger: silentLogger });
    stops.push(() => storefront.stop());

    const flow = crypto.randomUUID();
    const cartId = crypto.randomUUID();
    await storefront.producer.sendAddItemToCart({ cartId, customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: 1 }, { correlationId: flow });
    await expect.poll(() => services.cart.carts.cart(cartId)?.version).toBe(1);
    await storefront.producer.sendCheckoutCart(
      { cartId, customerId, shippingAddress: ADDRESS, paymentMethod: { type: 'card', token: 'tok_visa_4242424242', cardLast4: '4242' } },
      { correlationId: flow },
    );

    const findRoot = () => traces.spans().find((s) => s.kind === SpanKind.PRODUCER && String(s.attributes['catwire.message']).startsWith('checkout-cart@'));
    await expect.poll(findRoot).toBeDefined();
    const root = findRoot() as ReadableSpan;
    const traceId = root.spanContext().traceId;
    const inTrace = () => traces.spans().filter((s) => s.spanContext().traceId === traceId);
    // The flow ends with the customer notified of the order.
    await expect
      .poll(() => inTrace().some((s) => s.attributes['catwire.service'] === 'NotificationService' && String(s.attributes['catwire.message']).startsWith('order-created@')))
      .toBe(true);
    await traces.settled();
    expect((await orchestrator.saga.list()).find((i) => i.data.checkout.cartId === cartId)?.status).toBe('completed');

    const spans = inTrace();
    const took = new Set(spans.map((s) => s.attributes['catwire.service']));
    expect([...took].sort()).toEqual([
      'FraudDetectionService',
      'InventoryService',
      'NotificationService',
      'OrdersService',
      'PaymentService',
      'cart-api',
      'checkout-api',
      'checkout-orchestrator',
      'order-service',
      'promotions-service',
      'storefront',
    ]);
    // Nothing of the checkout escaped into another trace: the only other traces are the cart's, before it.
    const startNs = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];
    const escaped = traces.spans().filter((s) => s.spanContext().traceId !== traceId && startNs(s) >= startNs(root));
    expect(escaped.map((s) => s.name)).toEqual([]);

    // One tree: the checkout-cart send is the only root, and every process span hangs under a send.
    const ids = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    expect(spans.filter((s) => !ids.has(s.parentSpanContext?.spanId ?? '')).map((s) => s.name)).toEqual([root.name]);
    for (const span of spans.filter((s) => s.kind === SpanKind.CONSUMER)) {
      expect(ids.get(span.parentSpanContext?.spanId as string)?.kind).toBe(SpanKind.PRODUCER);
      expect(span.attributes['catwire.outcome']).toBe('ack');
    }

    const tree = renderTraceTree(spans);
    // What `npm start -- --trace-tree` prints for a checkout: this trace, found by its flow.
    expect(traces.treeOf(flow, 'checkout-cart')).toBe(tree);
    expect(tree.split('\n')[0]).toBe(`trace ${traceId}: ${spans.length} spans, 11 services`);
    expect(tree.split('\n')[1]).toMatch(/^send cart\.test\.commands {2}\[storefront\] {2}checkout-cart@1\.0\.0 {2}\+0\.0 ms/);
    expect(tree).toMatch(/\n└─ process cart\.test\.commands {2}\[cart-api\] {2}checkout-cart@1\.0\.0 {2}→ ack/);
  }, 120_000);
});
