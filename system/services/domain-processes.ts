/**
 * The services whose process is one domain object handed to their handlers: one table row per
 * service (the option and member that hold the object, how to build it, what the handlers get
 * as `deps`, the generated start function and the handlers). The services that own more — a
 * database, timers, methods of their own — keep a module each.
 */
import type { Logger, Service, ServiceContract, ServiceOptions, Transport } from '../../runtime/index.js';
import { startCartApi, type CartApiContract } from '../../generated/services/cart-api/index.js';
import { startFraudDetectionService, type FraudDetectionServiceContract } from '../../generated/services/fraud-detection-service/index.js';
import { startNotificationService, type NotificationServiceContract } from '../../generated/services/notification-service/index.js';
import { startOrdersService, type OrdersServiceContract } from '../../generated/services/orders-service/index.js';
import { startPaymentService, type PaymentServiceContract } from '../../generated/services/payment-service/index.js';
import { startPromotionsService, type PromotionsServiceContract } from '../../generated/services/promotions-service/index.js';
import * as cartApi from '../../handlers/cart-api/index.js';
import * as fraudDetectionService from '../../handlers/fraud-detection-service/index.js';
import * as notificationService from '../../handlers/notification-service/index.js';
import * as ordersService from '../../handlers/orders-service/index.js';
import * as paymentService from '../../handlers/payment-service/index.js';
import * as promotionsService from '../../handlers/promotions-service/index.js';
import { Carts, type CartsOptions } from '../domain/cart-api/index.js';
import { FraudScreening, type FraudOptions } from '../domain/fraud-detection-service/index.js';
import { Notifier, type NotifierOptions } from '../domain/notification-service/index.js';
import { OrderCare, type OrdersOptions } from '../domain/orders-service/index.js';
import { PaymentProcessor, type PaymentOptions } from '../domain/payment-service/index.js';
import { Promotions, type PromotionsOptions } from '../domain/promotions-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

/** The domain object (or the options to create one with) under `K`, plus the row's own options `X`. */
export type DomainProcessOptions<C extends ServiceContract, K extends string, T, O, X = unknown> = ProcessOptions<C> & { readonly [P in K]?: T | O } & X;
/** The running service and its domain object under `K`. */
export type DomainProcess<C extends ServiceContract, K extends string, T> = ServiceProcess<C> & { readonly [P in K]: T };

interface Row<C extends ServiceContract, K extends string, T, O, D, H, X> {
  readonly key: K;
  /** The given object, or a new one from the given options. */
  readonly create: (given: T | O | undefined) => T;
  /** What the handlers get as `ctx.deps`. */
  readonly deps: (value: T, logger: Logger, options: X) => D;
  readonly start: (transport: Transport, handlers: H, options: Omit<ServiceOptions<C>, 'handlers' | 'deps'> & { readonly deps: D }) => Promise<Service<C>>;
  readonly handlers: H;
}

function domainProcess<C extends ServiceContract, K extends string, T, O, D, H, X = unknown>(row: Row<C, K, T, O, D, H, X>) {
  return async (transport: Transport, options: DomainProcessOptions<C, K, T, O, X> = {} as DomainProcessOptions<C, K, T, O, X>): Promise<DomainProcess<C, K, T>> => {
    const value = row.create(options[row.key]);
    const deps = row.deps(value, processLogger(options), options);
    const process = await startProcess(() => row.start(transport, row.handlers, { ...serviceOptions(options), deps }));
    return { ...process, [row.key]: value } as DomainProcess<C, K, T>;
  };
}

export const startPaymentServiceProcess = domainProcess({
  key: 'payments',
  create: (given: PaymentProcessor | PaymentOptions | undefined) => (given instanceof PaymentProcessor ? given : new PaymentProcessor(given)),
  deps: (payments, logger) => ({ payments, logger }),
  start: startPaymentService,
  handlers: paymentService,
});
export type PaymentServiceProcessOptions = DomainProcessOptions<PaymentServiceContract, 'payments', PaymentProcessor, PaymentOptions>;
export type PaymentServiceProcess = DomainProcess<PaymentServiceContract, 'payments', PaymentProcessor>;

export const startFraudDetectionServiceProcess = domainProcess({
  key: 'fraud',
  create: (given: FraudScreening | FraudOptions | undefined) => (given instanceof FraudScreening ? given : new FraudScreening(given)),
  deps: (fraud, logger) => ({ fraud, logger }),
  start: startFraudDetectionService,
  handlers: fraudDetectionService,
});
export type FraudDetectionServiceProcessOptions = DomainProcessOptions<FraudDetectionServiceContract, 'fraud', FraudScreening, FraudOptions>;
export type FraudDetectionServiceProcess = DomainProcess<FraudDetectionServiceContract, 'fraud', FraudScreening>;

/** The notifier: contacts, watchers, and what was sent per channel (`sent(channel)`). */
export const startNotificationServiceProcess = domainProcess({
  key: 'notifier',
  create: (given: Notifier | NotifierOptions | undefined) => (given instanceof Notifier ? given : new Notifier(given)),
  deps: (notifier, logger) => ({ notifier, logger }),
  start: startNotificationService,
  handlers: notificationService,
});
export type NotificationServiceProcessOptions = DomainProcessOptions<NotificationServiceContract, 'notifier', Notifier, NotifierOptions>;
export type NotificationServiceProcess = DomainProcess<NotificationServiceContract, 'notifier', Notifier>;

/** Order care (amend, confirm, cancel requests) over its projection of the orders. */
export const startOrdersServiceProcess = domainProcess({
  key: 'orders',
  create: (given: OrderCare | OrdersOptions | undefined) => (given instanceof OrderCare ? given : new OrderCare(given)),
  deps: (orders, logger) => ({ orders, logger }),
  start: startOrdersService,
  handlers: ordersService,
});
export type OrdersServiceProcessOptions = DomainProcessOptions<OrdersServiceContract, 'orders', OrderCare, OrdersOptions>;
export type OrdersServiceProcess = DomainProcess<OrdersServiceContract, 'orders', OrderCare>;

/** The promotion list; the service answers calculate-discount. */
export const startPromotionsServiceProcess = domainProcess({
  key: 'promotions',
  create: (given: Promotions | PromotionsOptions | undefined) => (given instanceof Promotions ? given : new Promotions(given)),
  deps: (promotions, logger) => ({ promotions, logger }),
  start: startPromotionsService,
  handlers: promotionsService,
});
export type PromotionsServiceProcessOptions = DomainProcessOptions<PromotionsServiceContract, 'promotions', Promotions, PromotionsOptions>;
export type PromotionsServiceProcess = DomainProcess<PromotionsServiceContract, 'promotions', Promotions>;

interface CartApiOwnOptions {
  /** How often one checkout is priced again when the cart changes while it is priced (default 3). */
  readonly pricingAttempts?: number;
}

/** Carts and the price list; the service asks the Promotions Service for discounts. */
export const startCartApiProcess = domainProcess({
  key: 'carts',
  create: (given: Carts | CartsOptions | undefined) => (given instanceof Carts ? given : new Carts(given)),
  deps: (carts, logger, options: CartApiOwnOptions) => ({ carts, logger, pricingAttempts: options.pricingAttempts ?? 3 }),
  start: startCartApi,
  handlers: cartApi,
});
export type CartApiProcessOptions = DomainProcessOptions<CartApiContract, 'carts', Carts, CartsOptions, CartApiOwnOptions>;
export type CartApiProcess = DomainProcess<CartApiContract, 'carts', Carts>;
