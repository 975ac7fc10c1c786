/** Orders Service process: order care (amend, confirm, cancel requests) over its projection and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startOrdersService, type OrdersServiceContract } from '../../generated/services/orders-service/index.js';
import * as handlers from '../../handlers/orders-service/index.js';
import { OrderCare, type OrdersOptions } from '../domain/orders-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface OrdersServiceProcessOptions extends ProcessOptions<OrdersServiceContract> {
  readonly orders?: OrderCare | OrdersOptions;
}

export interface OrdersServiceProcess extends ServiceProcess<OrdersServiceContract> {
  readonly orders: OrderCare;
}

export async function startOrdersServiceProcess(transport: Transport, options: OrdersServiceProcessOptions = {}): Promise<OrdersServiceProcess> {
  const orders = options.orders instanceof OrderCare ? options.orders : new OrderCare(options.orders);
  const process = await startProcess(
    () => startOrdersService(transport, handlers, { ...serviceOptions(options), deps: { orders, logger: processLogger(options) } }),
    );
  return { ...process, orders };
}
