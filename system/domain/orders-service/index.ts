/**
 * Orders Service domain: customer-facing order care over a projection of the system of record.
 *
 * - order-created opens an order-care record (revision 1); order-cancelled closes it.
 * - InventoryAdjusted keeps the latest stock levels per product and warehouse: a product is
 *   unavailable when every warehouse that reported it has nothing available.
 * - AmendOrder (until confirmed): quantities are absolute and may only go down (0 removes the
 *   line; at least one line must stay); lowering (not removing) a line of a product that is no
 *   longer available is refused — such a line is removed or left as it is; the delivery address and instructions may change. The new total is the old total
 *   minus the value of the removed units (line discounts shrink pro rata), so it never exceeds
 *   the authorized amount. Accepted → OrderAmended with the next revision and all lines.
 * - ConfirmOrder: the order exists and is neither cancelled nor confirmed → OrderConfirmed.
 * - RequestOrderCancellation: the order is not confirmed → OrderCancelled (the checkout saga then
 *   compensates and the Order Service records the cancellation).
 *
 * Refusals (the HTTP API's 404/409) publish nothing. Idempotency: a repeated ConfirmOrder or
 * RequestOrderCancellation yields the stored event (same message id); a repeated AmendOrder is
 * recognised by its message id.
 */
import type { AmendOrder } from '../../../generated/types/amend-order.js';
import type { ConfirmOrder } from '../../../generated/types/confirm-order.js';
import type { InventoryAdjusted } from '../../../generated/types/inventory-adjusted.js';
import type { OrderAmended } from '../../../generated/types/order-amended.js';
import type { OrderingOrderCancelled } from '../../../generated/types/ordering-order-cancelled.js';
import type { OrderCancelled } from '../../../generated/types/order-cancelled.js';
import type { OrderConfirmed } from '../../../generated/types/order-confirmed.js';
import type { OrderCreated } from '../../../generated/types/order-created.js';
import type { RequestOrderCancellation } from '../../../generated/types/request-order-cancellation.js';
import { clip, iso, lineNet, reject, stableId, systemClock, type Clock, type Emitted, type Money, type Rejection } from '../shared/index.js';

export type OrderLine = OrderCreated['items'][number];
export type Address = OrderCreated['deliveryAddress'];
export type CareStatus = 'open' | 'confirmed' | 'cancellation_requested' | 'cancelled';

export type RefusalReason =
  | 'not_found'
  | 'confirmed'
  | 'cancelled'
  | 'unknown_product'
  | 'quantity_increase'
  | 'empty_order'
  | 'product_unavailable'
  | 'no_change';

export interface OrdersOptions {
  readonly now?: Clock;
}

export interface CareRecordView {
  readonly orderId: string;
  readonly checkoutId: string;
  readonly customerId: string;
  readonly status: CareStatus;
  readonly revision: number;
  readonly items: readonly OrderLine[];
  readonly total?: Money;
  readonly authorizedTotal?: Money;
  readonly deliveryAddress?: Address;
  readonly deliveryInstructions?: string;
}

export type AmendResult = { readonly outcome: 'amended'; readonly duplicate: boolean; readonly amended: Emitted<OrderAmended> } | Rejection<RefusalReason>;
export type ConfirmResult = { readonly outcome: 'confirmed'; readonly duplicate: boolean; readonly confirmed: Emitted<OrderConfirmed> } | Rejection<RefusalReason>;
export type CancelResult = { readonly outcome: 'cancelled'; readonly duplicate: boolean; readonly cancelled: Emitted<OrderCancelled> } | Rejection<RefusalReason>;

interface CareRecord {
  orderId: string;
  checkoutId: string;
  customerId: string;
  status: CareStatus;
  revision: number;
  items: OrderLine[];
  total?: Money;
  authorizedTotal?: Money;
  deliveryAddress?: Address;
  deliveryInstructions?: string;
  confirmed?: Emitted<OrderConfirmed>;
  cancelled?: Emitted<OrderCancelled>;
}

export class OrderCare {
  private readonly now: Clock;
  private readonly orders = new Map<string, CareRecord>();
  private readonly amendments = new Map<string, Emitted<OrderAmended>>();
  /** productId → warehouseId → latest levels. */
  private readonly stock = new Map<string, Map<string, { available: number; at: string }>>();

  constructor(options: OrdersOptions = {}) {
    this.now = options.now ?? systemClock;
  }

  order(orderId: string): CareRecordView | undefined {
    const r = this.orders.get(orderId);
    if (!r) return undefined;
    return {
      orderId: r.orderId,
      checkoutId: r.checkoutId,
      customerId: r.customerId,
      status: r.status,
      revision: r.revision,
      items: structuredClone(r.items),
      ...(r.total ? { total: { ...r.total } } : {}),
      ...(r.authorizedTotal ? { authorizedTotal: { ...r.authorizedTotal } } : {}),
      ...(r.deliveryAddress ? { deliveryAddress: { ...r.deliveryAddress } } : {}),
      ...(r.deliveryInstructions !== undefined ? { deliveryInstructions: r.deliveryInstructions } : {}),
    };
  }

  /** Unknown products count as available. */
  isAvailable(productId: string): boolean {
    const warehouses = this.stock.get(productId);
    if (!warehouses || warehouses.size === 0) return true;
    return [...warehouses.values()].some((levels) => levels.available > 0);
  }

  /** order-created: opens the order-care record. */
  orderCreated(event: OrderCreated): 'opened' | 'duplicate' {
    if (this.orders.has(event.orderId)) return 'duplicate';
    this.orders.set(event.orderId, {
      orderId: event.orderId,
      checkoutId: event.checkoutId,
      customerId: event.customerId,
      status: 'open',
      revision: 1,
      items: structuredClone(event.items),
      total: { ...event.total },
      authorizedTotal: { ...event.total },
      deliveryAddress: { ...event.deliveryAddress },
    });
    return 'opened';
  }

  /** order-cancelled: the system of record cancelled the order; the record is closed. */
  orderCancelled(event: OrderingOrderCancelled): 'closed' | 'duplicate' {
    const record = this.orders.get(event.orderId);
    if (record?.status === 'cancelled') return 'duplicate';
    if (record) record.status = 'cancelled';
    else {
      this.orders.set(event.orderId, {
        orderId: event.orderId,
        checkoutId: event.checkoutId,
        customerId: event.customerId,
        status: 'cancelled',
        revision: 1,
        items: [],
      });
    }
    return 'closed';
  }

  /** InventoryAdjusted (any 1.x): the latest levels per product and warehouse. */
  inventoryAdjusted(event: InventoryAdjusted): void {
    let warehouses = this.stock.get(event.productId);
    if (!warehouses) this.stock.set(event.productId, (warehouses = new Map()));
    const known = warehouses.get(event.warehouseId);
    if (known && known.at > event.adjustedAt) return; // an older adjustment arriving late
    warehouses.set(event.warehouseId, { available: event.levels.available, at: event.adjustedAt });
  }

  /** AmendOrder; `sourceId` is the command's message id (a redelivery yields the same event). */
  amend(command: AmendOrder, sourceId: string): AmendResult {
    const replay = this.amendments.get(sourceId);
    if (replay) return { outcome: 'amended', duplicate: true, amended: replay };
    const record = this.orders.get(command.orderId);
    const refused = refuseUnlessOpen(record, command.orderId);
    if (refused || !record) return refused ?? reject('not_found', `order ${command.orderId} is unknown`);

    const changes: OrderAmended['changes'] = [];
    let items = record.items;
    if (command.items) {
      const wanted = new Map<string, number>();
      for (const item of command.items) wanted.set(item.productId, item.quantity);
      for (const [productId, quantity] of wanted) {
        const current = record.items.filter((line) => line.productId === productId).reduce((sum, line) => sum + line.quantity, 0);
        if (current === 0) return reject('unknown_product', `product ${productId} is not on order ${record.orderId}`);
        if (quantity > current) return reject('quantity_increase', `product ${productId}: ${quantity} is more than the ${current} ordered`);
        if (quantity > 0 && quantity < current && !this.isAvailable(productId)) {
          return reject('product_unavailable', `product ${productId} is no longer available`);
        }
      }
      const remaining = new Map(wanted);
      items = [];
      const described: string[] = [];
      for (const line of record.items) {
        const left = remaining.get(line.productId);
        if (left === undefined) {
          items.push(line);
          continue;
        }
        const quantity = Math.min(line.quantity, left);
        remaining.set(line.productId, left - quantity);
        if (quantity === line.quantity) {
          items.push(line);
          continue;
        }
        if (quantity === 0) {
          described.push(`removed ${line.sku}`);
          continue;
        }
        described.push(`${line.sku} from ${line.quantity} to ${quantity}`);
        const discount = line.discount ? { ...line.discount, amount: Math.floor((line.discount.amount * quantity) / line.quantity) } : undefined;
        items.push({ ...line, quantity, ...(discount ? { discount } : {}) });
      }
      if (items.length === 0) return reject('empty_order', `the amendment removes every line of order ${record.orderId}; cancel it instead`);
      if (described.length > 0) changes.push({ field: 'items', description: clip(described.join('; '), 250) });
    }
    const addressChanged = command.deliveryAddress !== undefined && !sameAddress(command.deliveryAddress, record.deliveryAddress);
    if (addressChanged && command.deliveryAddress) {
      changes.push({ field: 'deliveryAddress', description: clip(`deliver to ${command.deliveryAddress.recipientName}, ${command.deliveryAddress.city}`, 250) });
    }
    const instructionsChanged = command.deliveryInstructions !== undefined && command.deliveryInstructions !== record.deliveryInstructions;
    if (instructionsChanged) changes.push({ field: 'deliveryInstructions', description: 'delivery instructions updated' });
    if (changes.length === 0) return reject('no_change', `the amendment changes nothing on order ${record.orderId}`);

    const total = record.total as Money;
    const removedValue = record.items.reduce((sum, line) => sum + lineNet(line), 0) - items.reduce((sum, line) => sum + lineNet(line), 0);
    const newTotal = { amount: Math.max(0, total.amount - removedValue), currency: total.currency };
    record.items = items;
    record.total = newTotal;
    record.revision += 1;
    if (addressChanged && command.deliveryAddress) record.deliveryAddress = { ...command.deliveryAddress };
    if (instructionsChanged) record.deliveryInstructions = command.deliveryInstructions;
    const amended: Emitted<OrderAmended> = {
      messageId: stableId('OrderAmended', record.orderId, record.revision),
      payload: {
        orderId: record.orderId,
        customerId: record.customerId,
        revision: record.revision,
        changes,
        items: structuredClone(items),
        ...(addressChanged && command.deliveryAddress ? { deliveryAddress: { ...command.deliveryAddress } } : {}),
        ...(instructionsChanged && command.deliveryInstructions !== undefined ? { deliveryInstructions: command.deliveryInstructions } : {}),
        total: { ...newTotal },
        amendedBy: command.requestedBy,
        amendedAt: iso(this.now()),
      },
    };
    this.amendments.set(sourceId, amended);
    return { outcome: 'amended', duplicate: false, amended };
  }

  /** ConfirmOrder (back office). */
  confirm(command: ConfirmOrder): ConfirmResult {
    const record = this.orders.get(command.orderId);
    if (record?.confirmed) return { outcome: 'confirmed', duplicate: true, confirmed: record.confirmed };
    const refused = refuseUnlessOpen(record, command.orderId);
    if (refused || !record) return refused ?? reject('not_found', `order ${command.orderId} is unknown`);
    record.status = 'confirmed';
    record.confirmed = {
      messageId: stableId('OrderConfirmed', record.orderId),
      payload: {
        orderId: record.orderId,
        customerId: record.customerId,
        items: structuredClone(record.items),
        total: { ...(record.total as Money) },
        fulfilmentWarehouseId: command.fulfilmentWarehouseId,
        confirmedBy: command.confirmedBy,
        confirmedAt: iso(this.now()),
      },
    };
    return { outcome: 'confirmed', duplicate: false, confirmed: record.confirmed };
  }

  /** RequestOrderCancellation (customer or support). */
  requestCancellation(command: RequestOrderCancellation): CancelResult {
    const record = this.orders.get(command.orderId);
    if (record?.cancelled) return { outcome: 'cancelled', duplicate: true, cancelled: record.cancelled };
    const refused = refuseUnlessOpen(record, command.orderId);
    if (refused || !record) return refused ?? reject('not_found', `order ${command.orderId} is unknown`);
    record.status = 'cancellation_requested';
    record.cancelled = {
      messageId: stableId('OrderCancelled', record.orderId),
      payload: {
        orderId: record.orderId,
        customerId: record.customerId,
        reason: command.reason,
        ...(command.note !== undefined ? { note: command.note } : {}),
        requestedBy: command.requestedBy,
        cancelledAt: iso(this.now()),
      },
    };
    return { outcome: 'cancelled', duplicate: false, cancelled: record.cancelled };
  }
}

function refuseUnlessOpen(record: CareRecord | undefined, orderId: string): Rejection<RefusalReason> | undefined {
  if (!record) return reject('not_found', `order ${orderId} is unknown`);
  if (record.status === 'confirmed') return reject('confirmed', `order ${orderId} is confirmed`);
  if (record.status !== 'open') return reject('cancelled', `order ${orderId} is ${record.status.replace('_', ' ')}`);
  return undefined;
}

function sameAddress(a: Address, b: Address | undefined): boolean {
  if (!b) return false;
  const keys = ['recipientName', 'line1', 'line2', 'city', 'postalCode', 'countryCode'] as const;
  return keys.every((k) => a[k] === b[k]);
}
