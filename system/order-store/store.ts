/**
 * The Order Service's system of record (tables of system/db/migrations/001-orders.sql).
 * Every state change writes the order row(s) and the matching outbox row in one transaction, so
 * an event exists if and only if the change committed; the relay publishes it later.
 *
 * Idempotency: create-order is keyed on `orderId` and `checkoutId` (both unique): a redelivery
 * returns the stored order and writes no second event. cancel-order of a cancelled order and
 * completion of a completed order are no-ops too. A cancel-order for an order that was never
 * created stores a cancelled tombstone, which refuses a late create-order.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/index.js';
import { enqueueOutboxMessage, type OutboxMetadata } from '../outbox/index.js';
import {
  ORDER_AGGREGATE,
  ORDER_EVENTS,
  type Address,
  type CancelOrderCommand,
  type CancellationReason,
  type CompleteOrderInput,
  type CreateOrderCommand,
  type Fulfilment,
  type GetOrderResult,
  type Order,
  type OrderCancelledEvent,
  type OrderCompletedEvent,
  type OrderCreatedEvent,
  type Money,
  type OrderLine,
  type OrderStatus,
  type StoredOrder,
} from './types.js';

/** Envelope data of the message being handled, carried to the event's outbox row. */
export type MessageMeta = OutboxMetadata;

export type CreateOrderOutcome =
  | { readonly outcome: 'created'; readonly order: Order; readonly messageId: string }
  /** Already created by an earlier delivery: nothing written. */
  | { readonly outcome: 'duplicate'; readonly order: Order }
  /** The checkout was cancelled before the order was created (tombstone): nothing written. */
  | { readonly outcome: 'refused'; readonly reason: 'cancelled'; readonly order: Order };

export type CancelOrderOutcome =
  | { readonly outcome: 'cancelled'; readonly previousStatus: 'none' | 'created'; readonly order: Order; readonly messageId: string }
  | { readonly outcome: 'already_cancelled'; readonly order: Order }
  | { readonly outcome: 'refused'; readonly reason: 'completed'; readonly order: Order };

export type CompleteOrderOutcome =
  | { readonly outcome: 'completed'; readonly order: Order; readonly messageId: string }
  | { readonly outcome: 'already_completed'; readonly order: Order }
  | { readonly outcome: 'refused'; readonly reason: 'cancelled'; readonly order: Order }
  | { readonly outcome: 'not_found'; readonly orderId: string };

export interface OrderStoreOptions {
  /** Clock for created/updated/cancelled/completed timestamps (default `new Date()`). */
  readonly now?: () => Date;
  /** Called after a commit that wrote an outbox row: pass the relay's `wake`. Errors are ignored. */
  readonly afterCommit?: () => void;
  /**
   * Checks an event payload before it is written (e.g. against the contract's schema); throw to
   * abort the transaction. A payload the producer refuses would otherwise hold up the outbox.
   */
  readonly validateEvent?: (event: { readonly type: string; readonly version: string; readonly payload: unknown }) => void;
}

export interface ListOrdersOptions {
  readonly status?: OrderStatus;
  readonly customerId?: string;
  readonly limit?: number;
}

export interface OrderStore {
  createOrder(command: CreateOrderCommand, meta?: MessageMeta): Promise<CreateOrderOutcome>;
  cancelOrder(command: CancelOrderCommand, meta?: MessageMeta): Promise<CancelOrderOutcome>;
  completeOrder(input: CompleteOrderInput, meta?: MessageMeta): Promise<CompleteOrderOutcome>;
  /** The get-order@1.0.0 reply. */
  getOrder(orderId: string): Promise<GetOrderResult>;
  getStoredOrder(orderId: string): Promise<StoredOrder | undefined>;
  listOrders(options?: ListOrdersOptions): Promise<StoredOrder[]>;
  countOrders(options?: Pick<ListOrdersOptions, 'status' | 'customerId'>): Promise<number>;
}

/** The command names an order id or checkout id that is stored with other data. */
export class OrderConflictError extends Error {
  override readonly name = 'OrderConflictError';
}

/** The command breaks an invariant of the order database (e.g. lines in another currency). */
export class InvalidOrderError extends Error {
  override readonly name = 'InvalidOrderError';
}

interface OrderRecord {
  order_id: string;
  checkout_id: string;
  cart_id: string | null;
  customer_id: string;
  status: OrderStatus;
  currency: string | null;
  total_amount: number | null;
  shipping_address: Address | null;
  reservation_id: string | null;
  payment_id: string | null;
  authorization_id: string | null;
  cancellation_reason: CancellationReason | null;
  created_at: Date | null;
  updated_at: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

interface ItemRecord {
  order_id: string;
  line_number: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price_amount: number;
  discount_amount: number;
}

const ORDER_COLUMNS =
  'order_id, checkout_id, cart_id, customer_id, status, currency, total_amount, shipping_address, reservation_id, ' +
  'payment_id, authorization_id, cancellation_reason, created_at, updated_at, completed_at, cancelled_at';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new InvalidOrderError(`${field} is not a UUID: ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function amount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidOrderError(`${field} must be a non-negative integer (minor units)`);
  return value;
}

const iso = (date: Date) => date.toISOString();

function isoDate(value: string, field: string): string {
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    throw new InvalidOrderError(`${field} is not an RFC 3339 date-time: ${JSON.stringify(value)}`);
  }
  return value;
}

function normalizeAddress(address: Address): Address {
  const { recipientName, line1, line2, city, postalCode, countryCode } = address;
  return { recipientName, line1, ...(line2 === undefined ? {} : { line2 }), city, postalCode, countryCode };
}

function normalizeFulfilment(fulfilment: Fulfilment): Fulfilment {
  const { warehouseId, carrier, trackingNumber, shippedAt, deliveredAt } = fulfilment;
  if (!/^WH-[A-Z0-9]{3,8}$/.test(warehouseId)) throw new InvalidOrderError(`fulfilment.warehouseId is invalid: ${JSON.stringify(warehouseId)}`);
  if (!['postnl', 'dhl', 'ups', 'dpd'].includes(carrier)) throw new InvalidOrderError(`fulfilment.carrier is invalid: ${JSON.stringify(carrier)}`);
  if (trackingNumber !== undefined && (trackingNumber.length < 6 || trackingNumber.length > 40)) {
    throw new InvalidOrderError('fulfilment.trackingNumber must have 6 to 40 characters');
  }
  return {
    warehouseId,
    carrier,
    ...(trackingNumber === undefined ? {} : { trackingNumber }),
    shippedAt: isoDate(shippedAt, 'fulfilment.shippedAt'),
    deliveredAt: isoDate(deliveredAt, 'fulfilment.deliveredAt'),
  };
}

function toStored(record: OrderRecord, items: readonly ItemRecord[]): StoredOrder {
  const currency = record.currency ?? '';
  const lines: OrderLine[] = items.map((item) => ({
    productId: item.product_id,
    sku: item.sku,
    name: item.name,
    quantity: item.quantity,
    unitPrice: { amount: item.unit_price_amount, currency },
    ...(item.discount_amount > 0 ? { discount: { amount: item.discount_amount, currency } } : {}),
  }));
  const order: StoredOrder = {
    orderId: record.order_id,
    checkoutId: record.checkout_id,
    customerId: record.customer_id,
    status: record.status,
    items: lines,
    updatedAt: iso(record.updated_at),
  };
  if (record.total_amount !== null && record.currency !== null) order.total = { amount: record.total_amount, currency };
  if (record.shipping_address !== null) order.shippingAddress = record.shipping_address;
  if (record.cancellation_reason !== null) order.cancellationReason = record.cancellation_reason;
  if (record.created_at !== null) order.createdAt = iso(record.created_at);
  if (record.cart_id !== null) order.cartId = record.cart_id;
  if (record.reservation_id !== null) order.reservationId = record.reservation_id;
  if (record.payment_id !== null) order.paymentId = record.payment_id;
  if (record.authorization_id !== null) order.authorizationId = record.authorization_id;
  if (record.completed_at !== null) order.completedAt = iso(record.completed_at);
  if (record.cancelled_at !== null) order.cancelledAt = iso(record.cancelled_at);
  return order;
}

/** order-created 2.0.0 states the order's discount: the sum of its line discounts (zero when none). */
function discountTotal(lines: readonly OrderLine[], currency: string): Money {
  return { amount: lines.reduce((sum, line) => sum + (line.discount?.amount ?? 0), 0), currency };
}

/** Exactly the properties of the get-order reply's `order` (it allows no others). */
export function toOrder(stored: StoredOrder): Order {
  const order: Order = {
    orderId: stored.orderId,
    customerId: stored.customerId,
    status: stored.status,
    items: stored.items,
    updatedAt: stored.updatedAt,
  };
  if (stored.total) order.total = stored.total;
  if (stored.shippingAddress) order.shippingAddress = stored.shippingAddress;
  if (stored.cancellationReason) order.cancellationReason = stored.cancellationReason;
  if (stored.createdAt) order.createdAt = stored.createdAt;
  return order;
}

async function selectOrder(q: Queryable, orderId: string, lock: boolean): Promise<OrderRecord | undefined> {
  const { rows } = await q.query<OrderRecord>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [orderId],
  );
  return rows[0];
}

async function withItems(q: Queryable, records: readonly OrderRecord[]): Promise<StoredOrder[]> {
  if (records.length === 0) return [];
  const { rows } = await q.query<ItemRecord>(
    `SELECT order_id, line_number, product_id, sku, name, quantity, unit_price_amount, discount_amount
     FROM order_items WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_number`,
    [records.map((record) => record.order_id)],
  );
  const byOrder = new Map<string, ItemRecord[]>();
  for (const row of rows) {
    const list = byOrder.get(row.order_id);
    if (list) list.push(row);
    else byOrder.set(row.order_id, [row]);
  }
  return records.map((record) => toStored(record, byOrder.get(record.order_id) ?? []));
}

async function loadOrder(q: Queryable, record: OrderRecord): Promise<StoredOrder> {
  const [stored] = await withItems(q, [record]);
  return stored as StoredOrder;
}

function checkSameCheckout(record: OrderRecord, checkoutId: string, customerId: string | undefined): void {
  if (record.checkout_id !== checkoutId) {
    throw new OrderConflictError(`order ${record.order_id} belongs to checkout ${record.checkout_id}, not ${checkoutId}`);
  }
  if (customerId !== undefined && record.customer_id !== customerId) {
    throw new OrderConflictError(`order ${record.order_id} belongs to another customer than ${customerId}`);
  }
}

export function createOrderStore(db: Database, options: OrderStoreOptions = {}): OrderStore {
  const now = options.now ?? (() => new Date());

  const notifyCommitted = () => {
    try {
      options.afterCommit?.();
    } catch {
      // the relay polls anyway
    }
  };

  async function writeEvent(tx: Queryable, orderId: string, event: { type: string; version: string }, payload: unknown, meta: MessageMeta | undefined) {
    options.validateEvent?.({ type: event.type, version: event.version, payload });
    const { id } = await enqueueOutboxMessage(tx, {
      type: event.type,
      version: event.version,
      aggregateType: ORDER_AGGREGATE,
      aggregateId: orderId,
      payload,
      ...(meta ? { metadata: meta } : {}),
    });
    return id;
  }

  async function createOrder(command: CreateOrderCommand, meta?: MessageMeta): Promise<CreateOrderOutcome> {
    const orderId = uuid(command.orderId, 'orderId');
    const checkoutId = uuid(command.checkoutId, 'checkoutId');
    const customerId = uuid(command.customerId, 'customerId');
    const currency = command.total.currency;
    if (command.items.length === 0) throw new InvalidOrderError('an order needs at least one line');
    const lines = command.items.map((item, index) => {
      const at = `items[${index}]`;
      for (const money of [item.unitPrice, item.discount]) {
        if (money && money.currency !== currency) {
          throw new InvalidOrderError(`${at} is in ${money.currency}, the order in ${currency}: one currency per order`);
        }
      }
      return {
        productId: uuid(item.productId, `${at}.productId`),
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        unitPrice: amount(item.unitPrice.amount, `${at}.unitPrice.amount`),
        discount: amount(item.discount?.amount ?? 0, `${at}.discount.amount`),
      };
    });
    const createdAt = now();

    const outcome = await db.transaction(async (tx): Promise<CreateOrderOutcome> => {
      const inserted = await tx.query<OrderRecord>(
        `INSERT INTO orders (order_id, checkout_id, cart_id, customer_id, status, currency, total_amount, shipping_address,
                             reservation_id, payment_id, authorization_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'created', $5, $6, $7::jsonb, $8, $9, $10, $11, $11)
         ON CONFLICT DO NOTHING
         RETURNING ${ORDER_COLUMNS}`,
        [
          orderId,
          checkoutId,
          uuid(command.cartId, 'cartId'),
          customerId,
          currency,
          amount(command.total.amount, 'total.amount'),
          JSON.stringify(normalizeAddress(command.shippingAddress)),
          uuid(command.reservationId, 'reservationId'),
          uuid(command.paymentId, 'paymentId'),
          command.authorizationId,
          createdAt,
        ],
      );
      if (inserted.rowCount === 0) {
        const existing = await selectOrder(tx, orderId, false);
        if (!existing) {
          const { rows } = await tx.query<{ order_id: string }>('SELECT order_id FROM orders WHERE checkout_id = $1', [checkoutId]);
          throw new OrderConflictError(`checkout ${checkoutId} already has order ${rows[0]?.order_id ?? '?'}, not ${orderId}`);
        }
        checkSameCheckout(existing, checkoutId, customerId);
        const order = toOrder(await loadOrder(tx, existing));
        return existing.created_at === null ? { outcome: 'refused', reason: 'cancelled', order } : { outcome: 'duplicate', order };
      }

      const values: unknown[] = [];
      const tuples = lines.map((line, index) => {
        values.push(randomUUID(), orderId, index + 1, line.productId, line.sku, line.name, line.quantity, line.unitPrice, line.discount);
        const base = index * 9;
        return `(${Array.from({ length: 9 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
      });
      const { rows: items } = await tx.query<ItemRecord>(
        `INSERT INTO order_items (order_item_id, order_id, line_number, product_id, sku, name, quantity, unit_price_amount, discount_amount)
         VALUES ${tuples.join(', ')}
         RETURNING order_id, line_number, product_id, sku, name, quantity, unit_price_amount, discount_amount`,
        values,
      );

      // The event carries the stored values (as the database normalised them) without reading them back.
      const record = inserted.rows[0] as OrderRecord;
      const stored = toStored(record, [...items].sort((x, y) => x.line_number - y.line_number));
      const event: OrderCreatedEvent = {
        orderId: stored.orderId,
        checkoutId: stored.checkoutId,
        customerId: stored.customerId,
        items: stored.items,
        total: stored.total as OrderCreatedEvent['total'],
        discountTotal: discountTotal(stored.items, (stored.total as Money).currency),
        deliveryAddress: stored.shippingAddress as Address,
        createdAt: stored.createdAt as string,
      };
      const messageId = await writeEvent(tx, orderId, ORDER_EVENTS.created, event, meta);
      return { outcome: 'created', order: toOrder(stored), messageId };
    });
    if (outcome.outcome === 'created') notifyCommitted();
    return outcome;
  }

  async function cancelOrder(command: CancelOrderCommand, meta?: MessageMeta): Promise<CancelOrderOutcome> {
    const orderId = uuid(command.orderId, 'orderId');
    const checkoutId = uuid(command.checkoutId, 'checkoutId');
    const customerId = uuid(command.customerId, 'customerId');
    const cancelledAt = now();

    const outcome = await db.transaction(async (tx): Promise<CancelOrderOutcome> => {
      let record = await selectOrder(tx, orderId, true);
      let previousStatus: 'none' | 'created';
      if (!record) {
        // Never created: a tombstone, so that a late create-order is refused.
        const inserted = await tx.query(
          `INSERT INTO orders (order_id, checkout_id, customer_id, status, cancellation_reason, cancelled_at, updated_at)
           VALUES ($1, $2, $3, 'cancelled', $4, $5, $5)
           ON CONFLICT DO NOTHING
           RETURNING order_id`,
          [orderId, checkoutId, customerId, command.reason, cancelledAt],
        );
        if (inserted.rowCount === 0) {
          // A concurrent create-order won, or the checkout has another order.
          record = await selectOrder(tx, orderId, true);
          if (!record) throw new OrderConflictError(`checkout ${checkoutId} already has an order other than ${orderId}`);
        }
        previousStatus = 'none';
      } else {
        previousStatus = 'created';
      }
      if (record) {
        checkSameCheckout(record, checkoutId, customerId);
        if (record.status === 'cancelled') return { outcome: 'already_cancelled', order: toOrder(await loadOrder(tx, record)) };
        if (record.status === 'completed') return { outcome: 'refused', reason: 'completed', order: toOrder(await loadOrder(tx, record)) };
        await tx.query(
          `UPDATE orders SET status = 'cancelled', cancellation_reason = $2, cancelled_at = $3, updated_at = $3 WHERE order_id = $1`,
          [orderId, command.reason, cancelledAt],
        );
        previousStatus = 'created';
      }
      const updated = await selectOrder(tx, orderId, false);
      if (!updated) throw new Error(`order ${orderId} vanished inside its own transaction`);
      const event: OrderCancelledEvent = {
        orderId,
        checkoutId: updated.checkout_id,
        customerId: updated.customer_id,
        reason: command.reason,
        previousStatus,
        cancelledAt: iso(cancelledAt),
      };
      const messageId = await writeEvent(tx, orderId, ORDER_EVENTS.cancelled, event, meta);
      return { outcome: 'cancelled', previousStatus, order: toOrder(await loadOrder(tx, updated)), messageId };
    });
    if (outcome.outcome === 'cancelled') notifyCommitted();
    return outcome;
  }

  async function completeOrder(input: CompleteOrderInput, meta?: MessageMeta): Promise<CompleteOrderOutcome> {
    const orderId = uuid(input.orderId, 'orderId');
    const fulfilment = normalizeFulfilment(input.fulfilment);
    const completedAt = now();
    const outcome = await db.transaction(async (tx): Promise<CompleteOrderOutcome> => {
      const record = await selectOrder(tx, orderId, true);
      if (!record) return { outcome: 'not_found', orderId };
      if (record.status === 'completed') return { outcome: 'already_completed', order: toOrder(await loadOrder(tx, record)) };
      if (record.status === 'cancelled') return { outcome: 'refused', reason: 'cancelled', order: toOrder(await loadOrder(tx, record)) };
      await tx.query(`UPDATE orders SET status = 'completed', completed_at = $2, updated_at = $2 WHERE order_id = $1`, [orderId, completedAt]);
      const event: OrderCompletedEvent = { orderId, customerId: record.customer_id, fulfilment, completedAt: iso(completedAt) };
      const messageId = await writeEvent(tx, orderId, ORDER_EVENTS.completed, event, meta);
      const updated = await selectOrder(tx, orderId, false);
      return { outcome: 'completed', order: toOrder(await loadOrder(tx, updated ?? record)), messageId };
    });
    if (outcome.outcome === 'completed') notifyCommitted();
    return outcome;
  }

  async function getStoredOrder(orderId: string): Promise<StoredOrder | undefined> {
    if (!UUID.test(orderId)) return undefined;
    const record = await selectOrder(db, orderId.toLowerCase(), false);
    return record ? loadOrder(db, record) : undefined;
  }

  return {
    createOrder,
    cancelOrder,
    completeOrder,
    getStoredOrder,
    async getOrder(orderId) {
      const stored = await getStoredOrder(orderId);
      return stored ? { result: { status: 'found', order: toOrder(stored) } } : { result: { status: 'not_found', orderId } };
    },
    async listOrders(listOptions = {}) {
      const { rows } = await db.query<OrderRecord>(
        `SELECT ${ORDER_COLUMNS} FROM orders
         WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR customer_id = $2)
         ORDER BY coalesce(created_at, cancelled_at), order_id
         LIMIT $3`,
        [listOptions.status ?? null, listOptions.customerId ?? null, listOptions.limit ?? null],
      );
      return withItems(db, rows);
    },
    async countOrders(countOptions = {}) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR customer_id = $2)`,
        [countOptions.status ?? null, countOptions.customerId ?? null],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
