/**
 * The main job: the whole order system of the catalog, every service in this process, on the
 * embedded defaults (in-memory transport, embedded PostgreSQL) — or on RabbitMQ and a
 * PostgreSQL server when AMQP_URL / DATABASE_URL are set. It drives every flow of the catalog —
 * Place an Order (success, out of stock, payment declined, fraud), amending and confirming the
 * placed order, the subscription Payment flow and Cancel Subscription — and prints what actually
 * happened: a readable trace and a Mermaid sequence diagram, from the runtime's
 * `message-handled` events.
 *
 *   npm start            (or: npx tsx system/demo.ts)
 *   npm start -- --trace-tree   also prints the OpenTelemetry trace of the first checkout
 */
import { randomUUID } from 'node:crypto';
import * as generated from '../generated/index.js';
import { createJsonLogger, createTransport, type LogFields, type Logger, type ServiceContract } from '../runtime/index.js';
import { startBillingServiceProcess, startCheckoutOrchestratorProcess, startPlaceAnOrderServices, startSubscriptionServiceProcess } from './services/index.js';
import { ADDRESS, SHOE, SOCK } from './shop.js';
import { captureTraces } from './trace-tree.js';


interface Handled {
  readonly service: string;
  readonly type: string;
  readonly source: string;
  readonly correlationId: string;
  readonly at: number;
}

const handled: Handled[] = [];
const warnings = createJsonLogger({ level: 'warn' });
/** Keeps the trace events, passes warnings and errors on to stderr as JSON lines. */
const logger: Logger = {
  debug: (event: string, fields?: LogFields) => {
    if (event === 'message-handled' && fields) handled.push({ ...(fields as Omit<Handled, 'at'>), at: Date.now() });
  },
  info: () => {},
  warn: warnings.warn,
  error: warnings.error,
};
const quiet: Logger = { debug: () => {}, info: () => {}, warn: warnings.warn, error: warnings.error };

const names = new Map(
  (Object.values(generated) as unknown[])
    .filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v)
    .map((c) => [c.service.id, c.service.name]),
);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const CARD = 'tok_visa_4242424242';
const BLOCKED_CARD = 'tok_visa_0000000666';

async function main(): Promise<void> {
  // Registered before any service starts: services decide on telemetry when they start.
  const traces = process.argv.includes('--trace-tree') ? captureTraces() : undefined;
  const transport = await createTransport({ params: { env: 'demo' }, logger });
  const service = { logger };
  const customerId = randomUUID();
  const services = await startPlaceAnOrderServices(transport, {
    service,
    logger: quiet,
    inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 3 }, { ...SOCK, onHand: 20 }] } },
    fraud: { fraud: { blocklistedTokens: [BLOCKED_CARD] } },
    notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl', phone: '+31612345678' } } } },
    cart: { carts: { products: [SHOE, SOCK] } },
  });
  const orchestrator = await startCheckoutOrchestratorProcess(transport, { service, logger: quiet, sweepMs: 250 });
  const subscriptions = await startSubscriptionServiceProcess(transport, { service, logger: quiet });
  const billing = await startBillingServiceProcess(transport, {
    service,
    logger: quiet,
    cycleMs: 0,
    billing: { paymentMethods: { [customerId]: { type: 'card', token: CARD, cardLast4: '4242' } } },
  });
  const storefront = await generated.startStorefront(transport, {}, { logger });
  const send = storefront.producer;
  process.stdout.write(`catwire order system: ${services.count + 3} services on ${transport.description}\n`);

  /** The messages handled since `since` that belong to one of the flow's correlation ids. */
  const traceOf = (since: number, ...correlations: string[]) => handled.filter((h) => h.at >= since && correlations.includes(h.correlationId));
  const notified = (correlationId: string, type: RegExp) => () =>
    handled.some((h) => h.correlationId === correlationId && type.test(h.type) && h.service === 'NotificationService') || undefined;

  const checkouts = [
    { title: 'Place an Order: a successful order', shoes: 1, token: CARD },
    { title: 'Place an Order: out of stock, more shoes than the warehouse holds', shoes: 5, token: CARD },
    { title: 'Place an Order: payment declined, a card with insufficient funds', shoes: 1, token: 'tok_test_insufficient_funds' },
    { title: 'Place an Order: fraud, a blocklisted card', shoes: 1, token: BLOCKED_CARD },
  ];
  let placed: { orderId: string; checkoutId: string } | undefined;
  for (const scenario of checkouts) {
    const since = Date.now();
    const flow = randomUUID();
    const cartId = randomUUID();
    await send.sendAddItemToCart({ cartId, customerId, productId: SHOE.productId, sku: SHOE.sku, quantity: scenario.shoes }, { correlationId: flow });
    await send.sendAddItemToCart({ cartId, customerId, productId: SOCK.productId, sku: SOCK.sku, quantity: 2 }, { correlationId: flow });
    await until('the cart', () => services.cart.carts.cart(cartId)?.version === 2 || undefined);
    await send.sendCheckoutCart(
      { cartId, customerId, shippingAddress: ADDRESS, paymentMethod: { type: 'card', token: scenario.token, cardLast4: '4242' } },
      { correlationId: flow },
    );
    const saga = await until('the checkout saga to finish', async () => {
      const instance = (await orchestrator.saga.list()).find((i) => i.data.checkout.cartId === cartId);
      return instance && (instance.status === 'completed' || instance.status === 'cancelled') ? instance : undefined;
    });
    // Let the last events of the flow (order-cancelled, notifications) arrive.
    const checkoutId = saga.data.checkout.checkoutId;
    await until('the flow to settle', notified(checkoutId, /order-(created|cancelled)/));
    if (saga.status === 'completed') placed = { orderId: saga.data.checkout.orderId, checkoutId };
    print(scenario.title, `saga ${saga.status}${saga.failureReason ? ` (${saga.failureReason})` : ''}`, traceOf(since, flow, checkoutId));
    if (scenario === checkouts[0]) await traces?.print(flow, 'checkout-cart', label);
  }

  // Amend and confirm: the customer drops a pair of socks, staff confirm, the saga captures the confirmed total.
  if (!placed) throw new Error('no order was placed');
  {
    const since = Date.now();
    const flow = randomUUID();
    const { orderId, checkoutId } = placed;
    await send.sendAmendOrder({ orderId, requestedBy: 'customer', items: [{ productId: SOCK.productId, quantity: 1 }] }, { correlationId: flow });
    await until('the amendment', () => (services.orders.orders.order(orderId)?.revision ?? 0) > 1 || undefined);
    await send.sendConfirmOrder({ orderId, confirmedBy: 'staff-anna', fulfilmentWarehouseId: 'WH-MAIN' }, { correlationId: flow });
    const paymentId = (await orchestrator.saga.list()).find((i) => i.data.checkout.orderId === orderId)?.data.paymentId;
    await until('the capture', () => (paymentId && services.payments.payments.payment(paymentId)?.status === 'captured') || undefined);
    await until('the receipt', () => handled.some((h) => h.at >= since && h.type.startsWith('PaymentProcessed') && h.service === 'NotificationService') || undefined);
    const order = services.orders.orders.order(orderId);
    print('Amend and confirm an order', `order ${order?.status ?? 'unknown'}, payment captured`, traceOf(since, flow, checkoutId));
  }

  // Payment flow for subscriptions: started → invoice and payment due → charged → paid, extended, receipt.
  const subscriptionId = randomUUID();
  {
    const since = Date.now();
    await subscriptions.startSubscription({ subscriptionId, customerId, plan: { planId: 'plan-plus-monthly', name: 'Plus', interval: 'month', price: { amount: 999, currency: 'EUR' } } });
    await until('the invoice to be paid', () => billing.billing.schedule(subscriptionId)?.invoices.some((i) => i.status === 'paid') || undefined);
    await until('the receipt', () => handled.some((h) => h.at >= since && h.type.startsWith('PaymentProcessed') && h.service === 'NotificationService') || undefined);
    await until('the paid period', () => subscriptions.subscriptions.subscription(subscriptionId)?.paidThrough || undefined);
    const started = handled.find((h) => h.at >= since && h.type.startsWith('UserSubscriptionStarted'));
    print('Payment flow: a subscription is started, billed and paid', 'invoice paid, subscription extended', traceOf(since, started?.correlationId ?? ''));
  }

  // Cancel Subscription: the owner cancels at the end of the paid period; Billing closes the schedule, Notifications confirms.
  {
    const since = Date.now();
    const flow = randomUUID();
    await send.sendRequestSubscriptionCancellation({ subscriptionId, customerId, reason: 'too_expensive', cancelAt: 'period_end' }, { correlationId: flow });
    await until('the schedule to close', () => billing.billing.schedule(subscriptionId)?.status === 'closed' || undefined);
    await until('the confirmation', notified(flow, /UserSubscriptionCancelled/));
    print('Cancel Subscription', `subscription ${subscriptions.subscriptions.subscription(subscriptionId)?.status ?? 'unknown'}, billing closed`, traceOf(since, flow));
  }

  // From process start (module loading, both embedded databases) to the last flow traced.
  process.stdout.write(`\n${printed} flows traced in ${(performance.now() / 1000).toFixed(1)} s\n`);
  await storefront.stop();
  await billing.stop();
  await subscriptions.stop();
  await orchestrator.stop();
  await services.stop();
  await transport.close();
  await traces?.close();
}

function label(id: string): string {
  return names.get(id) ?? id;
}

let printed = 0;

function print(title: string, outcome: string, trace: readonly Handled[]): void {
  printed += 1;
  const start = trace[0]?.at ?? Date.now();
  const out = [`\n## ${title} — ${outcome}\n`];
  const width = Math.max(...trace.map((h) => label(h.source).length));
  for (const h of trace) out.push(`  +${String(h.at - start).padStart(4)} ms  ${label(h.source).padEnd(width)} → ${label(h.service)}: ${h.type}`);
  const ids = new Map<string, string>();
  const participant = (id: string) => {
    if (!ids.has(id)) ids.set(id, `p${ids.size + 1}`);
    return ids.get(id) as string;
  };
  const arrows = trace.map((h) => `  ${participant(h.source)}->>${participant(h.service)}: ${h.type}`);
  out.push('', '```mermaid', 'sequenceDiagram', ...[...ids].map(([id, p]) => `  participant ${p} as ${label(id)}`), ...arrows, '```');
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
