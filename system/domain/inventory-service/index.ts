/**
 * Inventory Service domain: stock levels per SKU and warehouse, all-or-nothing reservations for
 * checkouts, and the order lifecycle of a reservation (allocated on OrderConfirmed, shrunk on
 * OrderAmended, shipped on order-completed). Every change of a stock level yields an
 * InventoryAdjusted event (one per SKU and warehouse).
 *
 * Idempotency: reservations are keyed by `reservationId`. A repeated reserve-inventory returns the
 * stored outcome (same events, same message ids) while that outcome is still current; a
 * release-inventory for an unknown reservation leaves a tombstone so that a late reserve-inventory
 * (the saga timed out and compensated first) reserves nothing.
 */
import type { InventoryAdjusted } from '../../../generated/types/inventory-adjusted.js';
import type { InventoryReserved } from '../../../generated/types/inventory-reserved.js';
import type { OrderAmended } from '../../../generated/types/order-amended.js';
import type { OrderCompleted } from '../../../generated/types/order-completed.js';
import type { OrderConfirmed } from '../../../generated/types/order-confirmed.js';
import type { OutOfStock } from '../../../generated/types/out-of-stock.js';
import type { ReleaseInventory } from '../../../generated/types/release-inventory.js';
import type { ReserveInventory } from '../../../generated/types/reserve-inventory.js';
import type { UserSignedUp } from '../../../generated/types/user-signed-up.js';
import { addSeconds, DomainConflictError, iso, stableId, systemClock, type Clock, type Emitted } from '../shared/index.js';

export type AdjustmentReason = InventoryAdjusted['adjustment']['reason'];

export interface StockLevels {
  readonly onHand: number;
  readonly reserved: number;
  /** onHand - reserved. */
  readonly available: number;
}

export interface StockSeed {
  readonly productId: string;
  readonly sku: string;
  readonly onHand: number;
  /** Default: the default warehouse. */
  readonly warehouseId?: string;
}

export interface InventoryOptions {
  /** Warehouse for countries without an entry in `countryWarehouses` (default `WH-MAIN`). */
  readonly defaultWarehouseId?: string;
  /** ISO country code → warehouse that serves it. */
  readonly countryWarehouses?: Readonly<Record<string, string>>;
  /** Initial stock (no events). */
  readonly stock?: readonly StockSeed[];
  /** Hold time when reserve-inventory does not say (default 900 s, the schema default). */
  readonly defaultHoldSeconds?: number;
  readonly now?: Clock;
}

export type ReservationStatus = 'held' | 'allocated' | 'shipped' | 'released' | 'expired' | 'out_of_stock';

export interface StockLine {
  readonly productId: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface ReservationView {
  readonly reservationId: string;
  readonly checkoutId: string;
  readonly orderId: string;
  readonly warehouseId: string;
  readonly status: ReservationStatus;
  /** Units currently held per line (after amendments). */
  readonly lines: readonly StockLine[];
  readonly expiresAt?: string;
  readonly fulfilmentWarehouseId?: string;
}

export type ReserveResult =
  | {
      readonly outcome: 'reserved';
      readonly duplicate: boolean;
      readonly adjustments: readonly Emitted<InventoryAdjusted>[];
      readonly reserved: Emitted<InventoryReserved>;
    }
  | { readonly outcome: 'out_of_stock'; readonly duplicate: boolean; readonly outOfStock: Emitted<OutOfStock> }
  /** The reservation was released (or expired, or already used) before this command: nothing is reserved or published. */
  | { readonly outcome: 'closed'; readonly status: ReservationStatus };

export type ReleaseResult =
  | { readonly outcome: 'released'; readonly duplicate: boolean; readonly adjustments: readonly Emitted<InventoryAdjusted>[] }
  /** Nothing held: unknown (a tombstone is stored), out of stock, expired, allocated or shipped. */
  | { readonly outcome: 'nothing_held'; readonly status: ReservationStatus | 'unknown' };

/** Outcome of an order-lifecycle event (OrderConfirmed, OrderAmended, order-completed). */
export type LifecycleResult =
  | { readonly outcome: 'applied'; readonly duplicate: boolean; readonly adjustments: readonly Emitted<InventoryAdjusted>[] }
  | { readonly outcome: 'ignored'; readonly reason: string };

interface StockRecord {
  productId: string;
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

interface Line {
  productId: string;
  sku: string;
  quantity: number;
}

interface Reservation {
  reservationId: string;
  checkoutId: string;
  orderId: string;
  warehouseId: string;
  status: ReservationStatus;
  lines: Line[];
  expiresAt?: Date;
  fulfilmentWarehouseId?: string;
  revision: number;
  /** Events of the transition that led to `status`, replayed for a repeated message. */
  lastEvents: { reserved?: Emitted<InventoryReserved>; outOfStock?: Emitted<OutOfStock>; adjustments: Emitted<InventoryAdjusted>[] };
  amendEvents: Map<number, Emitted<InventoryAdjusted>[]>;
}

const WAREHOUSE = /^WH-[A-Z0-9]{3,8}$/;

export class Inventory {
  readonly defaultWarehouseId: string;
  private readonly countryWarehouses: Readonly<Record<string, string>>;
  private readonly defaultHoldSeconds: number;
  private readonly now: Clock;
  private readonly stock = new Map<string, StockRecord>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly byOrder = new Map<string, string>();
  private readonly customerWarehouses = new Map<string, string>();
  private readonly deliveries = new Map<string, Emitted<InventoryAdjusted>[]>();

  constructor(options: InventoryOptions = {}) {
    this.defaultWarehouseId = options.defaultWarehouseId ?? 'WH-MAIN';
    this.countryWarehouses = options.countryWarehouses ?? {};
    for (const warehouse of [this.defaultWarehouseId, ...Object.values(this.countryWarehouses)]) {
      if (!WAREHOUSE.test(warehouse)) throw new Error(`warehouse id ${JSON.stringify(warehouse)} does not match ${WAREHOUSE.source}`);
    }
    this.defaultHoldSeconds = options.defaultHoldSeconds ?? 900;
    this.now = options.now ?? systemClock;
    for (const seed of options.stock ?? []) {
      if (!Number.isInteger(seed.onHand) || seed.onHand < 0) throw new Error(`stock of ${seed.sku} must be a non-negative integer`);
      const record = this.record(seed.warehouseId ?? this.defaultWarehouseId, seed.sku, seed.productId);
      record.onHand += seed.onHand;
    }
  }

  /** Warehouse serving a destination country. */
  warehouseFor(countryCode: string): string {
    return this.countryWarehouses[countryCode] ?? this.defaultWarehouseId;
  }

  levels(sku: string, warehouseId: string = this.defaultWarehouseId): StockLevels {
    const record = this.stock.get(key(warehouseId, sku));
    return record ? levelsOf(record) : { onHand: 0, reserved: 0, available: 0 };
  }

  reservation(reservationId: string): ReservationView | undefined {
    const r = this.reservations.get(reservationId);
    if (!r) return undefined;
    return {
      reservationId: r.reservationId,
      checkoutId: r.checkoutId,
      orderId: r.orderId,
      warehouseId: r.warehouseId,
      status: r.status,
      lines: r.lines.map((line) => ({ ...line })),
      ...(r.expiresAt ? { expiresAt: iso(r.expiresAt) } : {}),
      ...(r.fulfilmentWarehouseId ? { fulfilmentWarehouseId: r.fulfilmentWarehouseId } : {}),
    };
  }

  /** The default fulfilment warehouse of a customer, set from UserSignedUp. */
  customerWarehouse(customerId: string): string | undefined {
    return this.customerWarehouses.get(customerId);
  }

  /** reserve-inventory: every line or none. */
  reserve(command: ReserveInventory): ReserveResult {
    const existing = this.reservations.get(command.reservationId);
    if (existing) {
      checkSame(existing, command.checkoutId, command.orderId);
      if (existing.status === 'held' && existing.lastEvents.reserved) {
        return { outcome: 'reserved', duplicate: true, adjustments: existing.lastEvents.adjustments, reserved: existing.lastEvents.reserved };
      }
      if (existing.status === 'out_of_stock' && existing.lastEvents.outOfStock) {
        return { outcome: 'out_of_stock', duplicate: true, outOfStock: existing.lastEvents.outOfStock };
      }
      return { outcome: 'closed', status: existing.status };
    }

    const now = this.now();
    const warehouseId = this.warehouseFor(command.shippingCountry);
    const lines = mergeLines(command.items);
    const reservation: Reservation = {
      reservationId: command.reservationId,
      checkoutId: command.checkoutId,
      orderId: command.orderId,
      warehouseId,
      status: 'held',
      lines,
      revision: 1,
      lastEvents: { adjustments: [] },
      amendEvents: new Map(),
    };

    const short = lines
      .map((line) => ({ line, available: this.levels(line.sku, warehouseId).available }))
      .filter(({ line, available }) => available < line.quantity);
    if (short.length > 0) {
      reservation.status = 'out_of_stock';
      reservation.lastEvents.outOfStock = {
        messageId: stableId('OutOfStock', command.reservationId),
        payload: {
          warehouseId,
          items: short.map(({ line, available }) => ({
            productId: line.productId,
            sku: line.sku,
            requestedQuantity: line.quantity,
            availableQuantity: Math.max(0, available),
          })),
          checkoutId: command.checkoutId,
          reservationId: command.reservationId,
          detectedAt: iso(now),
        },
      };
      this.store(reservation);
      return { outcome: 'out_of_stock', duplicate: false, outOfStock: reservation.lastEvents.outOfStock };
    }

    const adjustments = lines.map((line) => {
      const record = this.record(warehouseId, line.sku, line.productId);
      record.reserved += line.quantity;
      return this.adjusted(record, 'reserved', -line.quantity, { type: 'reservation', id: command.reservationId }, now);
    });
    reservation.expiresAt = addSeconds(now, command.holdForSeconds ?? this.defaultHoldSeconds);
    const reserved: Emitted<InventoryReserved> = {
      messageId: stableId('inventory-reserved', command.reservationId),
      payload: {
        reservationId: command.reservationId,
        checkoutId: command.checkoutId,
        orderId: command.orderId,
        warehouseId,
        items: lines.map((line) => ({ ...line })),
        expiresAt: iso(reservation.expiresAt),
        reservedAt: iso(now),
      },
    };
    reservation.lastEvents = { reserved, adjustments };
    this.store(reservation);
    return { outcome: 'reserved', duplicate: false, adjustments, reserved };
  }

  /** release-inventory: gives back what a held reservation holds; a no-op otherwise. */
  release(command: ReleaseInventory): ReleaseResult {
    const existing = this.reservations.get(command.reservationId);
    if (!existing) {
      // Released before it was made (the saga gave up waiting): a late reserve-inventory reserves nothing.
      this.store({
        reservationId: command.reservationId,
        checkoutId: command.checkoutId,
        orderId: command.orderId,
        warehouseId: this.defaultWarehouseId,
        status: 'released',
        lines: [],
        revision: 1,
        lastEvents: { adjustments: [] },
        amendEvents: new Map(),
      });
      return { outcome: 'nothing_held', status: 'unknown' };
    }
    checkSame(existing, command.checkoutId, command.orderId);
    if (existing.status === 'released' && existing.lines.length > 0) {
      return { outcome: 'released', duplicate: true, adjustments: existing.lastEvents.adjustments };
    }
    if (existing.status !== 'held') return { outcome: 'nothing_held', status: existing.status };
    const adjustments = this.giveBack(existing, 'released', { type: 'reservation', id: existing.reservationId });
    existing.status = 'released';
    existing.lastEvents = { adjustments };
    return { outcome: 'released', duplicate: false, adjustments };
  }

  /** Releases held reservations whose hold ran out (call periodically). */
  expireReservations(): { reservationId: string; adjustments: Emitted<InventoryAdjusted>[] }[] {
    const now = this.now();
    const expired = [];
    for (const reservation of this.reservations.values()) {
      if (reservation.status !== 'held' || !reservation.expiresAt || reservation.expiresAt > now) continue;
      const adjustments = this.giveBack(reservation, 'released', { type: 'reservation', id: reservation.reservationId });
      reservation.status = 'expired';
      reservation.lastEvents = { adjustments };
      expired.push({ reservationId: reservation.reservationId, adjustments });
    }
    return expired;
  }

  /** OrderConfirmed: the held reservation of the order becomes an allocation; units the final lines no longer need are released. */
  allocate(event: OrderConfirmed): LifecycleResult {
    const reservation = this.forOrder(event.orderId);
    if (!reservation) return { outcome: 'ignored', reason: `no reservation for order ${event.orderId}` };
    if (reservation.status === 'allocated') return { outcome: 'applied', duplicate: true, adjustments: reservation.lastEvents.adjustments };
    if (reservation.status !== 'held') return { outcome: 'ignored', reason: `reservation ${reservation.reservationId} is ${reservation.status}` };
    const now = this.now();
    const wanted = quantitiesBySku(event.items);
    const adjustments = reservation.lines.map((line) => {
      const keep = Math.min(line.quantity, wanted.get(line.sku) ?? 0);
      const excess = line.quantity - keep;
      const record = this.record(reservation.warehouseId, line.sku, line.productId);
      record.reserved -= excess;
      line.quantity = keep;
      return this.adjusted(record, 'allocated', excess, { type: 'order', id: event.orderId }, now);
    });
    reservation.lines = reservation.lines.filter((line) => line.quantity > 0);
    reservation.status = 'allocated';
    reservation.fulfilmentWarehouseId = event.fulfilmentWarehouseId;
    reservation.lastEvents = { adjustments };
    return { outcome: 'applied', duplicate: false, adjustments };
  }

  /** OrderAmended: shrinks the order's reservation to the amended lines (amendments never add units). */
  amend(event: OrderAmended): LifecycleResult {
    const reservation = this.forOrder(event.orderId);
    if (!reservation) return { outcome: 'ignored', reason: `no reservation for order ${event.orderId}` };
    const replay = reservation.amendEvents.get(event.revision);
    if (replay) return { outcome: 'applied', duplicate: true, adjustments: replay };
    if (event.revision <= reservation.revision) return { outcome: 'ignored', reason: `revision ${event.revision} is not newer than ${reservation.revision}` };
    if (reservation.status !== 'held' && reservation.status !== 'allocated') {
      return { outcome: 'ignored', reason: `reservation ${reservation.reservationId} is ${reservation.status}` };
    }
    const now = this.now();
    const wanted = quantitiesBySku(event.items);
    const adjustments: Emitted<InventoryAdjusted>[] = [];
    for (const line of reservation.lines) {
      const keep = Math.min(line.quantity, wanted.get(line.sku) ?? 0);
      if (keep === line.quantity) continue;
      const record = this.record(reservation.warehouseId, line.sku, line.productId);
      record.reserved -= line.quantity - keep;
      adjustments.push(
        this.adjusted(record, 'released', line.quantity - keep, { type: 'order', id: event.orderId }, now, `revision-${event.revision}`),
      );
      line.quantity = keep;
    }
    reservation.lines = reservation.lines.filter((line) => line.quantity > 0);
    reservation.revision = event.revision;
    reservation.amendEvents.set(event.revision, adjustments);
    return { outcome: 'applied', duplicate: false, adjustments };
  }

  /** order-completed: the allocated units leave the warehouse (on hand and reserved both drop). */
  ship(event: OrderCompleted): LifecycleResult {
    const reservation = this.forOrder(event.orderId);
    if (!reservation) return { outcome: 'ignored', reason: `no reservation for order ${event.orderId}` };
    if (reservation.status === 'shipped') return { outcome: 'applied', duplicate: true, adjustments: reservation.lastEvents.adjustments };
    if (reservation.status !== 'allocated' && reservation.status !== 'held') {
      return { outcome: 'ignored', reason: `reservation ${reservation.reservationId} is ${reservation.status}` };
    }
    const now = this.now();
    const adjustments = reservation.lines.map((line) => {
      const record = this.record(reservation.warehouseId, line.sku, line.productId);
      record.reserved -= line.quantity;
      record.onHand -= line.quantity;
      return this.adjusted(record, 'shipped', 0, { type: 'order', id: event.orderId }, now);
    });
    reservation.status = 'shipped';
    reservation.lastEvents = { adjustments };
    return { outcome: 'applied', duplicate: false, adjustments };
  }

  /** UserSignedUp: the customer's default fulfilment warehouse follows their country. */
  registerCustomer(event: UserSignedUp): string {
    const warehouseId = this.warehouseFor(event.countryCode);
    this.customerWarehouses.set(event.userId, warehouseId);
    return warehouseId;
  }

  /** A delivery of goods arrived (restocked); idempotent by `deliveryId`. */
  receiveDelivery(delivery: { deliveryId: string; warehouseId?: string; lines: readonly StockLine[] }): Emitted<InventoryAdjusted>[] {
    const seen = this.deliveries.get(delivery.deliveryId);
    if (seen) return seen;
    const now = this.now();
    const warehouseId = delivery.warehouseId ?? this.defaultWarehouseId;
    const adjustments = mergeLines(delivery.lines).map((line) => {
      const record = this.record(warehouseId, line.sku, line.productId);
      record.onHand += line.quantity;
      return this.adjusted(record, 'restocked', line.quantity, { type: 'delivery', id: delivery.deliveryId }, now);
    });
    this.deliveries.set(delivery.deliveryId, adjustments);
    return adjustments;
  }

  private giveBack(reservation: Reservation, reason: AdjustmentReason, reference: NonNullable<InventoryAdjusted['reference']>) {
    const now = this.now();
    return reservation.lines.map((line) => {
      const record = this.record(reservation.warehouseId, line.sku, line.productId);
      record.reserved -= line.quantity;
      return this.adjusted(record, reason, line.quantity, reference, now);
    });
  }

  private forOrder(orderId: string): Reservation | undefined {
    const id = this.byOrder.get(orderId);
    return id === undefined ? undefined : this.reservations.get(id);
  }

  private store(reservation: Reservation): void {
    this.reservations.set(reservation.reservationId, reservation);
    // The latest reservation that holds (or held) stock answers for the order.
    if (reservation.lines.length > 0 && reservation.status !== 'out_of_stock') this.byOrder.set(reservation.orderId, reservation.reservationId);
  }

  private record(warehouseId: string, sku: string, productId: string): StockRecord {
    const k = key(warehouseId, sku);
    let record = this.stock.get(k);
    if (!record) {
      record = { productId, sku, warehouseId, onHand: 0, reserved: 0 };
      this.stock.set(k, record);
    }
    return record;
  }

  private adjusted(
    record: StockRecord,
    reason: AdjustmentReason,
    quantityChange: number,
    reference: NonNullable<InventoryAdjusted['reference']>,
    at: Date,
    discriminator = '',
  ): Emitted<InventoryAdjusted> {
    return {
      messageId: stableId('InventoryAdjusted', reason, reference.type, reference.id, record.warehouseId, record.sku, discriminator),
      payload: {
        productId: record.productId,
        sku: record.sku,
        warehouseId: record.warehouseId,
        adjustment: { reason, quantityChange },
        levels: levelsOf(record),
        adjustedAt: iso(at),
        reference,
      },
    };
  }
}

const key = (warehouseId: string, sku: string) => `${warehouseId}/${sku}`;

function levelsOf(record: StockRecord): StockLevels {
  return { onHand: record.onHand, reserved: record.reserved, available: record.onHand - record.reserved };
}

/** One line per SKU, in first-seen order. */
function mergeLines(items: readonly StockLine[]): Line[] {
  const bySku = new Map<string, Line>();
  for (const item of items) {
    const line = bySku.get(item.sku);
    if (line) line.quantity += item.quantity;
    else bySku.set(item.sku, { productId: item.productId, sku: item.sku, quantity: item.quantity });
  }
  return [...bySku.values()];
}

function quantitiesBySku(items: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const item of items) result.set(item.sku, (result.get(item.sku) ?? 0) + item.quantity);
  return result;
}

function checkSame(reservation: Reservation, checkoutId: string, orderId: string): void {
  if (reservation.checkoutId !== checkoutId || reservation.orderId !== orderId) {
    throw new DomainConflictError(
      `reservation ${reservation.reservationId} belongs to checkout ${reservation.checkoutId} / order ${reservation.orderId}, not ${checkoutId} / ${orderId}`,
    );
  }
}
