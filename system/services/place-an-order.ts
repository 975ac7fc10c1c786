/**
 * Every service of the Place an Order flow except the Checkout Orchestrator, started on one
 * transport in one call: the demo, the saga benchmark and the system tests run the whole flow in
 * one process. The orchestrator is left to the caller, because it is the process they configure
 * most (its database, sweeper, timeouts) and the one they stop, kill and restart.
 */
import type { Logger, Transport } from '../../runtime/index.js';
import {
  startCartApiProcess,
  startCheckoutApiProcess,
  startFraudDetectionServiceProcess,
  startInventoryServiceProcess,
  startNotificationServiceProcess,
  startOrdersServiceProcess,
  startPaymentServiceProcess,
  startPromotionsServiceProcess,
  type CartApiProcess,
  type CartApiProcessOptions,
  type CheckoutApiProcess,
  type CheckoutApiProcessOptions,
  type FraudDetectionServiceProcess,
  type FraudDetectionServiceProcessOptions,
  type InventoryServiceProcess,
  type InventoryServiceProcessOptions,
  type NotificationServiceProcess,
  type NotificationServiceProcessOptions,
  type OrdersServiceProcess,
  type OrdersServiceProcessOptions,
  type PaymentServiceProcess,
  type PaymentServiceProcessOptions,
  type PromotionsServiceProcess,
  type PromotionsServiceProcessOptions,
} from './domain-processes.js';
import { startOrderServiceProcess, type OrderServiceProcess, type OrderServiceProcessOptions } from './database-processes.js';

/** What every process gets: the business logger and the runtime service's logger. */
interface Shared {
  readonly logger?: Logger;
  readonly service?: { readonly logger?: Logger };
}

type Own<O> = Omit<O, keyof Shared>;

export interface PlaceAnOrderOptions extends Shared {
  readonly inventory?: Own<InventoryServiceProcessOptions>;
  readonly payment?: Own<PaymentServiceProcessOptions>;
  readonly fraud?: Own<FraudDetectionServiceProcessOptions>;
  readonly orderService?: Own<OrderServiceProcessOptions>;
  readonly orders?: Own<OrdersServiceProcessOptions>;
  readonly notification?: Own<NotificationServiceProcessOptions>;
  readonly cart?: Own<CartApiProcessOptions>;
  readonly promotions?: Own<PromotionsServiceProcessOptions>;
  readonly checkoutApi?: Own<CheckoutApiProcessOptions>;
}

export interface PlaceAnOrderServices {
  readonly inventory: InventoryServiceProcess;
  readonly payments: PaymentServiceProcess;
  readonly fraud: FraudDetectionServiceProcess;
  readonly orderService: OrderServiceProcess;
  readonly orders: OrdersServiceProcess;
  readonly notifications: NotificationServiceProcess;
  readonly cart: CartApiProcess;
  readonly promotions: PromotionsServiceProcess;
  readonly checkoutApi: CheckoutApiProcess;
  /** How many services were started. */
  readonly count: number;
  /** Stops them all, the last started first. */
  stop(): Promise<void>;
}

export async function startPlaceAnOrderServices(transport: Transport, options: PlaceAnOrderOptions = {}): Promise<PlaceAnOrderServices> {
  const shared: Shared = { ...(options.logger ? { logger: options.logger } : {}), ...(options.service ? { service: options.service } : {}) };
  const inventory = await startInventoryServiceProcess(transport, { ...shared, ...options.inventory });
  const payments = await startPaymentServiceProcess(transport, { ...shared, ...options.payment });
  const fraud = await startFraudDetectionServiceProcess(transport, { ...shared, ...options.fraud });
  const orderService = await startOrderServiceProcess(transport, { ...shared, ...options.orderService });
  const orders = await startOrdersServiceProcess(transport, { ...shared, ...options.orders });
  const notifications = await startNotificationServiceProcess(transport, { ...shared, ...options.notification });
  const cart = await startCartApiProcess(transport, { ...shared, ...options.cart });
  const promotions = await startPromotionsServiceProcess(transport, { ...shared, ...options.promotions });
  const checkoutApi = await startCheckoutApiProcess(transport, { ...shared, ...options.checkoutApi });
  const started = [inventory, payments, fraud, orderService, orders, notifications, cart, promotions, checkoutApi];
  return {
    inventory, payments, fraud, orderService, orders, notifications, cart, promotions, checkoutApi,
    count: started.length,
    async stop() {
      for (const p of [...started].reverse()) await p.stop();
    },
  };
}
