/** The registry between the process wiring and the handlers. */
import { afterEach, describe, expect, it } from 'vitest';
import * as inventoryHandlers from '../../../handlers/inventory-service/index.js';
import type { InventoryServiceContext } from '../../../generated/services/inventory-service/index.js';
import type { Transport } from '../../../runtime/index.js';
import { ServiceNotRunningError, ServiceSlot, startInventoryServiceProcess, startPromotionsServiceProcess } from '../../../system/services/index.js';
import { inventoryServiceSlot } from '../../../system/services/registry.js';
import { logger, memoryTransport, uuid } from './helpers.js';

describe('ServiceSlot', () => {
  it('holds one registration at a time; only that registration empties it', () => {
    const slot = new ServiceSlot<{ n: number }>('Thing Service', 'startThingProcess');
    expect(() => slot.get()).toThrow(ServiceNotRunningError);
    expect(() => slot.get()).toThrow('Thing Service is not running in this process: start it with startThingProcess()');
    const release = slot.register({ n: 1 });
    expect(slot.get()).toEqual({ n: 1 });
    expect(() => slot.register({ n: 2 })).toThrow(/already runs/);
    release();
    expect(slot.running).toBe(false);
    const releaseAgain = slot.register({ n: 3 });
    release(); // a stale release does nothing
    expect(slot.get()).toEqual({ n: 3 });
    releaseAgain();
  });
});

describe('process wiring', () => {
  let transport: Transport | undefined;
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
  });

  it('a handler without its process fails loudly instead of running without state', async () => {
    const payload = { reservationId: uuid(), checkoutId: uuid(), orderId: uuid(), items: [{ productId: uuid(), sku: 'ABC-1', quantity: 1 }], shippingCountry: 'NL' };
    await expect(inventoryHandlers.reserveInventory(payload, {} as InventoryServiceContext)).rejects.toThrow(/startInventoryServiceProcess/);
  });

  it('registers before consuming, refuses a second instance, frees the slot on stop (idempotent)', async () => {
    const t = (transport = memoryTransport());
    const first = await startInventoryServiceProcess(t, { logger, expiryCheckMs: 0 });
    expect(inventoryServiceSlot.get().inventory).toBe(first.inventory);
    await expect(startInventoryServiceProcess(t, { logger })).rejects.toThrow(/Inventory Service already runs/);
    await first.stop();
    await first.stop();
    expect(inventoryServiceSlot.running).toBe(false);
    const second = await startInventoryServiceProcess(t, { logger, expiryCheckMs: 0, inventory: first.inventory });
    expect(second.inventory).toBe(first.inventory);
    await second.stop();
  });

  it('empties the slot again when the service cannot start', async () => {
    const closed = memoryTransport();
    await closed.close();
    await expect(startPromotionsServiceProcess(closed, { logger })).rejects.toThrow(/closed/);
    const again = memoryTransport();
    const promotions = await startPromotionsServiceProcess(again, { logger });
    await promotions.stop();
    await again.close();
  });
});
