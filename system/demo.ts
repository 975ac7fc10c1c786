/**
 * The main job: the whole order system of the catalog, every service in this process, on the
 * embedded defaults (in-memory transport, embedded PostgreSQL) — or on RabbitMQ and a
 * PostgreSQL server when AMQP_URL / DATABASE_URL are set. It drives three checkouts (one that
 * succeeds, one out of stock, one whose payment is declined) and prints what actually happened:
 * a readable trace and a Mermaid sequence diagram, from the runtime's `message-handled` events.
 *
 *   npm start            (or: npx tsx system/demo.ts)
 *   npm start -- --trace-tree   also prints the OpenTelemetry trace of the first checkout
 */
import { randomUUID } from 'node:crypto';
import * as generated from '../generated/index.js';
import { createJsonLogger, createTransport, type LogFields, type Logger, type ServiceContract } from '../runtime/index.js';
import { startCheckoutOrchestratorProcess, startPlaceAnOrderServices } from './services/index.js';
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

async function main(): Promise<void> {
  // Registered before any service starts: services decide on telemetry when they start.
  const traces = process.argv.includes('--trace-tree') ? captureTraces() : undefined;
  const transport = await createTransport({ params: { env: 'demo' }, logger });
  const service = { logger };
  const customerId = randomUUID();
  const services = await startPlaceAnOrderServices(transport, {
    service,
    logger: quiet,
    inventory: { expiryCheckMs: 0, inventory: { stock: [{ ...SHOE, onHand: 2 }, { ...SOCK, onHand: 20 }] } },
    notification: { notifier: { contacts: { [customerId]: { email: 'maya@example.nl', phone: '+31612345678' } } } },
    cart: { carts: { products: [SHOE, SOCK] } },
  });
  const orchestrator = await startCheckoutOrchestratorProcess(transport, { service, logger: quiet, sweepMs: 250 });
  const storefront = await generated.startStorefront(transport, {}, { logger });

  const scenarios = [
    { title: 'A successful order', shoes: 1, token: 'tok_visa_4242424242' },
    { title: 'Out of stock: more shoes than the warehouse holds', shoes: 5, token: 'tok_visa_4242424242' },
    { title: 'Payment declined: a card with insufficient funds', shoes: 1, token: 'tok_test_insufficient_funds' },
  ];
  process.stdout.write(`catwire order system: ${services.count + 1} services on ${transport.description}\n`);
  for (const scenario of scenarios) {
    const flow = randomUUID();
    const cartId = randomUUID();
    const send = storefront.producer;
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
    await until('the flow to settle', () => (handled.some((h) => h.correlationId === checkoutId && /order-(created|cancelled)/.test(h.type) && h.service === 'NotificationService') ? true : undefined));
    print(scenario.title, `saga ${saga.status}${saga.failureReason ? ` (${saga.failureReason})` : ''}`, handled.filter((h) => h.correlationId === flow || h.correlationId === checkoutId));
    if (scenario === scenarios[0]) await traces?.print(flow, 'checkout-cart', label);
  }

  await storefront.stop();
  await orchestrator.stop();
  await services.stop();
  await transport.close();
  await traces?.close();
}

function label(id: string): string {
  return names.get(id) ?? id;
}

function print(title: string, outcome: string, trace: readonly Handled[]): void {
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
