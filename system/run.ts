/**
 * One service of the order system as its own process — the way it is deployed: several
 * instances of one service share its queue and act as competing consumers.
 *
 *   AMQP_URL=amqp://… [DATABASE_URL=postgres://…] npm run service -- <service-id> [<service-id> …]
 *
 * Service ids are the catalog's (`InventoryService`, `order-service`, …). `CATWIRE_ENV` fills
 * `{env}` in exchange names (default `dev`) and `CATWIRE_PREFIX` prefixes every name. Logs
 * are JSON lines on stderr (`CATWIRE_LOG_LEVEL=debug` shows each message handled). SIGINT or
 * SIGTERM stops gracefully: stop consuming, finish in-flight handlers, close.
 */
import { createJsonLogger, createTransport } from '../runtime/index.js';
import * as services from './services/index.js';

type Start = (transport: Awaited<ReturnType<typeof createTransport>>, options: { service: { logger: ReturnType<typeof createJsonLogger> } }) => Promise<{ stop(): Promise<void> }>;

const STARTERS: Readonly<Record<string, Start>> = {
  BillingService: services.startBillingServiceProcess as Start,
  'cart-api': services.startCartApiProcess as Start,
  'checkout-api': services.startCheckoutApiProcess as Start,
  'checkout-orchestrator': services.startCheckoutOrchestratorProcess as Start,
  FraudDetectionService: services.startFraudDetectionServiceProcess as Start,
  InventoryService: services.startInventoryServiceProcess as Start,
  NotificationService: services.startNotificationServiceProcess as Start,
  'order-service': services.startOrderServiceProcess as Start,
  OrdersService: services.startOrdersServiceProcess as Start,
  PaymentService: services.startPaymentServiceProcess as Start,
  'promotions-service': services.startPromotionsServiceProcess as Start,
  SubscriptionService: services.startSubscriptionServiceProcess as Start,
};

async function main(ids: readonly string[]): Promise<void> {
  const unknown = ids.filter((id) => !(id in STARTERS));
  if (ids.length === 0 || unknown.length > 0) {
    process.stderr.write(`usage: npm run service -- <service-id> ...${unknown.length > 0 ? `\nunknown: ${unknown.join(', ')}` : ''}\nservices: ${Object.keys(STARTERS).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createJsonLogger();
  const transport = await createTransport({ params: { env: process.env['CATWIRE_ENV'] ?? 'dev' }, prefix: process.env['CATWIRE_PREFIX'], logger });
  const running: { stop(): Promise<void> }[] = [];
  for (const id of ids) running.push(await (STARTERS[id] as Start)(transport, { service: { logger } }));
  logger.info('processes-started', { services: ids, transport: transport.description });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const p of running.reverse()) await p.stop();
    await transport.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`service failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
