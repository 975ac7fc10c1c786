/**
 * Every service of the Place an Order flow except the Checkout Orchestrator, started on one
 * transport in one call: the demo, the saga benchmark and the system tests run the whole flow in
 * one process. The orchestrator is left to the caller, because it is the process they configure
 * most (its database, sweeper, timeouts) and the one they stop, kill and restart.
 */
import type { Logger, Transport } from '../../runtime/index.js';
import { startOrderServiceProcess, type OrderServiceProcess, type OrderServiceProcessOptions } from './database-processes.js';
import * as domain from './domain-processes.js';

/** What every process gets: the business logger and the runtime service's logger. */
interface Shared {
  readonly logger?: Logger;
  readonly service?: { readonly logger?: Logger };
}

type Own<O> = Omit<O, keyof Shared>;

export interface PlaceAnOrderOptions extends Shared {
  readonly inventory?: Own<domain.InventoryServiceProcessOptions>;
  readonly payment?: Own<domain.PaymentServiceProcessOptions>;
  readonly fraud?: Own<domain.FraudDetectionServiceProcessOptions>;
  readonly orderService?: Own<OrderServiceProcessOptions>;
  readonly orders?: Own<domain.OrdersServiceProcessOptions>;
  readonly notification?: Own<domain.NotificationServiceProcessOptions>;
  readonly cart?: Own<domain.CartApiProcessOptions>;
  readonly promotions?: Own<domain.PromotionsServiceProcessOptions>;
  readonly checkoutApi?: Own<domain.CheckoutApiProcessOptions>;
}

export interface PlaceAnOrderServices {
  readonly inventory: domain.InventoryServiceProcess;
  readonly payments: domain.PaymentServiceProcess;
  readonly fraud: domain.FraudDetectionServiceProcess;
  readonly orderService: OrderServiceProcess;
  readonly orders: domain.OrdersServiceProcess;
  readonly notifications: domain.NotificationServiceProcess;
  readonly cart: domain.CartApiProcess;
  readonly promotions: domain.PromotionsServiceProcess;
  readonly checkoutApi: domain.CheckoutApiProcess;
  /** How many services were started. */
  readonly count: number;
  /** Stops them all, the last started first. */
  stop(): Promise<void>;
}

export async function startPlaceAnOrderServices(transport: Transport, options: PlaceAnOrderOptions = {}): Promise<PlaceAnOrderServices> {
  const shared: Shared = { ...(options.logger ? { logger: options.logger } : {}), ...(options.service ? { service: options.service } : {}) };
  const started: { stop(): Promise<void> }[] = [];
  const track = <P extends { stop(): Promise<void> }>(process: P): P => {
    started.push(process);
    return process;
  };
  const stop = async () => {
    for (const p of started.splice(0).reverse()) await p.stop();
  };
  try {
    const inventory = track(await domain.startInventoryServiceProcess(transport, { ...shared, ...options.inventory }));
    const payments = track(await domain.startPaymentServiceProcess(transport, { ...shared, ...options.payment }));
    const fraud = track(await domain.startFraudDetectionServiceProcess(transport, { ...shared, ...options.fraud }));
    const orderService = track(await startOrderServiceProcess(transport, { ...shared, ...options.orderService }));
    const orders = track(await domain.startOrdersServiceProcess(transport, { ...shared, ...options.orders }));
    const notifications = track(await domain.startNotificationServiceProcess(transport, { ...shared, ...options.notification }));
    const cart = track(await domain.startCartApiProcess(transport, { ...shared, ...options.cart }));
    const promotions = track(await domain.startPromotionsServiceProcess(transport, { ...shared, ...options.promotions }));
    const checkoutApi = track(await domain.startCheckoutApiProcess(transport, { ...shared, ...options.checkoutApi }));
    return { inventory, payments, fraud, orderService, orders, notifications, cart, promotions, checkoutApi, count: started.length, stop };
  } catch (error) {
    // A service that fails to start leaves none of the others running.
    await stop();
    throw error;
  }
}
