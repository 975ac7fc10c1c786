/**
 * Shapes of the Order Service's messages, written after the catalog's JSON schemas
 * (catalog/domains/Ordering/services/{CheckoutOrchestrator/commands/{create,cancel}-order,
 * CheckoutAPI/queries/get-order, OrderService/events/order-*}). Structurally the same as the types
 * `catwire generate` emits, so generated payloads can be passed in directly.
 */

export interface Money {
  amount: number;
  currency: string;
}

export interface Address {
  recipientName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  countryCode: string;
}

export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  discount?: Money;
}

export type OrderStatus = 'created' | 'completed' | 'cancelled';

export type CancellationReason =
  | 'out_of_stock'
  | 'payment_declined'
  | 'fraud_suspected'
  | 'checkout_timed_out'
  | 'customer_request';

/** create-order@1.0.0 */
export interface CreateOrderCommand {
  orderId: string;
  checkoutId: string;
  cartId: string;
  customerId: string;
  items: OrderLine[];
  total: Money;
  shippingAddress: Address;
  reservationId: string;
  paymentId: string;
  authorizationId: string;
}

/** cancel-order@1.0.0 */
export interface CancelOrderCommand {
  orderId: string;
  checkoutId: string;
  customerId: string;
  reason: CancellationReason;
  initiatedBy: 'checkout_saga' | 'customer';
}

/** The `order` of a get-order@1.0.0 reply. */
export interface Order {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  items: OrderLine[];
  total?: Money;
  shippingAddress?: Address;
  cancellationReason?: CancellationReason;
  createdAt?: string;
  updatedAt: string;
}

/** The get-order@1.0.0 reply. */
export interface GetOrderResult {
  result: { status: 'found'; order: Order } | { status: 'not_found'; orderId: string };
}

/** Everything stored about an order (the reply shape plus the saga's references). */
export interface StoredOrder extends Order {
  checkoutId: string;
  cartId?: string;
  reservationId?: string;
  paymentId?: string;
  authorizationId?: string;
  completedAt?: string;
  cancelledAt?: string;
}

/** order-created@2.0.0 */
export interface OrderCreatedEvent {
  orderId: string;
  checkoutId: string;
  customerId: string;
  items: OrderLine[];
  total: Money;
  discountTotal: Money;
  deliveryAddress: Address;
  createdAt: string;
}

/** order-cancelled@1.0.0 */
export interface OrderCancelledEvent {
  orderId: string;
  checkoutId: string;
  customerId: string;
  reason: CancellationReason;
  previousStatus: 'none' | 'created';
  cancelledAt: string;
}

export interface Fulfilment {
  warehouseId: string;
  carrier: 'postnl' | 'dhl' | 'ups' | 'dpd';
  trackingNumber?: string;
  shippedAt: string;
  deliveredAt: string;
}

/** order-completed@1.0.0 */
export interface OrderCompletedEvent {
  orderId: string;
  customerId: string;
  fulfilment: Fulfilment;
  completedAt: string;
}

export interface CompleteOrderInput {
  orderId: string;
  fulfilment: Fulfilment;
}

/** The events this store writes to the outbox: catalog id and version. */
export const ORDER_EVENTS = {
  created: { type: 'order-created', version: '2.0.0' },
  cancelled: { type: 'order-cancelled', version: '1.0.0' },
  completed: { type: 'order-completed', version: '1.0.0' },
} as const;

export const ORDER_AGGREGATE = 'order';
