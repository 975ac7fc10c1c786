/** Inventory Service process: the Inventory domain object, the generated service, and a reservation expiry sweep. */
import type { Transport } from '../../runtime/index.js';
import { startInventoryService, type InventoryServiceContract } from '../../generated/services/inventory-service/index.js';
import * as handlers from '../../handlers/inventory-service/index.js';
import { Inventory, type InventoryOptions, type StockLine } from '../domain/inventory-service/index.js';
import { every, PendingEvents, processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface InventoryServiceProcessOptions extends ProcessOptions<InventoryServiceContract> {
  /** The domain object, or the options to create one with. */
  readonly inventory?: Inventory | InventoryOptions;
  /** How often held reservations past their `expiresAt` are released (default 30,000 ms; 0: never, call `expireReservations()`). */
  readonly expiryCheckMs?: number;
}

export interface InventoryServiceProcess extends ServiceProcess<InventoryServiceContract> {
  readonly inventory: Inventory;
  /** Books a delivery of goods (restocked) and publishes InventoryAdjusted; idempotent by `deliveryId`. */
  receiveDelivery(delivery: { deliveryId: string; warehouseId?: string; lines: readonly StockLine[] }): Promise<void>;
  /** Releases expired reservations now and publishes their InventoryAdjusted; returns how many expired. */
  expireReservations(): Promise<number>;
}

export async function startInventoryServiceProcess(
  transport: Transport,
  options: InventoryServiceProcessOptions = {},
): Promise<InventoryServiceProcess> {
  const inventory = options.inventory instanceof Inventory ? options.inventory : new Inventory(options.inventory);
  const logger = processLogger(options);
  let stopSweep: () => Promise<void> = async () => {};
  const process = await startProcess(
    () => startInventoryService(transport, handlers, { ...serviceOptions(options), deps: { inventory, logger } }),
    () => stopSweep(),
  );
  const { producer } = process.service;
  const pending = new PendingEvents();
  const expireReservations = async () => {
    const expired = inventory.expireReservations();
    for (const { adjustments } of expired) pending.add(producer.publishInventoryAdjusted, adjustments);
    await pending.flush();
    return expired.length;
  };
  stopSweep = every(options.expiryCheckMs ?? 30_000, expireReservations, (error) => logger.warn('reservation-expiry-failed', { error }));
  return {
    ...process,
    inventory,
    expireReservations,
    async receiveDelivery(delivery) {
      pending.add(producer.publishInventoryAdjusted, inventory.receiveDelivery(delivery));
      await pending.flush();
    },
  };
}
