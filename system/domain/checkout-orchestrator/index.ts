/**
 * Checkout Orchestrator domain: the checkout saga as one declarative definition, following the
 * catalog flow Place an Order (catalog/domains/Ordering/flows/PlaceAnOrder) — its step ids name
 * the steps — and the orchestrator's contract:
 *
 * 1. reserve_inventory: reserve-inventory → inventory-reserved | OutOfStock (out_of_stock);
 *    undone by release-inventory.
 * 2. payment_initiated: PaymentInitiated (Payment prepares, Fraud Detection screens) →
 *    FraudCheckCompleted approved | declined (fraud_suspected).
 * 3. authorize_payment: authorize-payment → payment-authorized | payment-declined
 *    (payment_declined); undone by void-payment.
 * 4. create_order: create-order → order-created: the saga is completed.
 *
 * A failure compensates the steps already done, newest first (a timed-out step too: its outcome
 * is unknown and the services leave tombstones), then sends cancel-order (Order Service records
 * the cancellation and publishes order-cancelled). After completion, OrderConfirmed captures the
 * confirmed total, and OrderCancelled (Orders Service, customer before confirmation) voids the
 * payment, releases the stock and cancels the order. Deadlines are the flow's: reservation 30 s,
 * fraud 10 s, authorization 30 s, order creation 30 s.
 *
 * Ids are derived from the checkout id (`stableId`), so a re-sent step carries the same business
 * keys and message id.
 */
import type { AuthorizePayment } from '../../../generated/types/authorize-payment.js';
import type { CancelOrder } from '../../../generated/types/cancel-order.js';
import type { CapturePayment } from '../../../generated/types/capture-payment.js';
import type { CreateOrder } from '../../../generated/types/create-order.js';
import type { FraudCheckCompleted } from '../../../generated/types/fraud-check-completed.js';
import type { InventoryReserved } from '../../../generated/types/inventory-reserved.js';
import type { OrderCancelled } from '../../../generated/types/order-cancelled.js';
import type { OrderConfirmed } from '../../../generated/types/order-confirmed.js';
import type { OrderCreated } from '../../../generated/types/order-created.js';
import type { OutOfStock } from '../../../generated/types/out-of-stock.js';
import type { PaymentAuthorized } from '../../../generated/types/payment-authorized.js';
import type { PaymentDeclined } from '../../../generated/types/payment-declined.js';
import type { PaymentInitiated } from '../../../generated/types/payment-initiated.js';
import type { ReleaseInventory } from '../../../generated/types/release-inventory.js';
import type { ReserveInventory } from '../../../generated/types/reserve-inventory.js';
import type { StartCheckout } from '../../../generated/types/start-checkout.js';
import type { VoidPayment } from '../../../generated/types/void-payment.js';
import { failure, reply, type SagaCommand, type SagaDefinition, type SagaKey } from '../../saga/definition.js';
import { stableId } from '../shared/index.js';

/** Why a checkout ended without an order (cancel-order's reasons). */
export type CheckoutFailure = CancelOrder['reason'];

export interface CheckoutSagaData {
  readonly checkout: StartCheckout;
  readonly reservationId: string;
  readonly paymentId: string;
  readonly warehouseId?: string;
  readonly fraudCheckId?: string;
  readonly riskScore?: number;
  readonly authorizationId?: string;
  readonly orderCreatedAt?: string;
  readonly capturedAmount?: CapturePayment['amount'];
}

export const CHECKOUT_SAGA = 'checkout';

/** The catalog message ids the handlers pass to the engine. */
export const CHECKOUT_EVENTS = {
  startCheckout: 'start-checkout',
  inventoryReserved: 'inventory-reserved',
  outOfStock: 'OutOfStock',
  fraudCheckCompleted: 'FraudCheckCompleted',
  paymentAuthorized: 'payment-authorized',
  paymentDeclined: 'payment-declined',
  orderCreated: 'order-created',
  orderConfirmed: 'OrderConfirmed',
  orderCancelled: 'OrderCancelled',
} as const;

/** Step deadlines of the catalog flow (ms). */
export const CHECKOUT_TIMEOUTS = {
  reserve_inventory: 30_000,
  payment_initiated: 10_000,
  authorize_payment: 30_000,
  create_order: 30_000,
} as const;

export type CheckoutStep = keyof typeof CHECKOUT_TIMEOUTS;

const cmd = <P>(send: string, payload: P): SagaCommand => ({ send, payload });
const byCheckout = (payload: unknown): SagaKey | undefined => {
  const checkoutId = (payload as { checkoutId?: string }).checkoutId;
  return checkoutId === undefined ? undefined : { id: checkoutId };
};
const byOrder = (payload: unknown): SagaKey => ({ correlation: (payload as { orderId: string }).orderId });

function releaseReason(reason: CheckoutFailure): ReleaseInventory['reason'] {
  return reason === 'out_of_stock' ? 'checkout_timed_out' : reason;
}
function voidReason(reason: CheckoutFailure): VoidPayment['reason'] {
  return reason === 'checkout_timed_out' ? 'checkout_timed_out' : 'customer_request';
}

type D = CheckoutSagaData;

export const checkoutSaga: SagaDefinition<D, CheckoutFailure> = {
  name: CHECKOUT_SAGA,
  start: {
    message: CHECKOUT_EVENTS.startCheckout,
    init: (payload) => {
      const checkout = payload as StartCheckout;
      return {
        id: checkout.checkoutId,
        correlation: checkout.orderId,
        data: {
          checkout,
          reservationId: stableId('checkout-reservation', checkout.checkoutId),
          paymentId: stableId('checkout-payment', checkout.checkoutId),
        },
      };
    },
  },
  keys: {
    [CHECKOUT_EVENTS.inventoryReserved]: byCheckout,
    [CHECKOUT_EVENTS.outOfStock]: byCheckout,
    [CHECKOUT_EVENTS.fraudCheckCompleted]: byCheckout,
    [CHECKOUT_EVENTS.paymentAuthorized]: byCheckout,
    [CHECKOUT_EVENTS.paymentDeclined]: byCheckout,
    [CHECKOUT_EVENTS.orderCreated]: byCheckout,
    [CHECKOUT_EVENTS.orderConfirmed]: byOrder,
    [CHECKOUT_EVENTS.orderCancelled]: byOrder,
  },
  steps: [
    {
      name: 'reserve_inventory',
      timeoutMs: CHECKOUT_TIMEOUTS.reserve_inventory,
      command: ({ checkout, reservationId }) =>
        cmd<ReserveInventory>('sendReserveInventory', {
          reservationId,
          checkoutId: checkout.checkoutId,
          orderId: checkout.orderId,
          items: checkout.items.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })),
          shippingCountry: checkout.shippingAddress.countryCode,
        }),
      completedBy: [
        reply<InventoryReserved, D>(CHECKOUT_EVENTS.inventoryReserved, {
          when: (p, d) => p.reservationId === d.reservationId,
          data: (p) => ({ warehouseId: p.warehouseId }),
        }),
      ],
      failedBy: [failure<OutOfStock, D, CheckoutFailure>(CHECKOUT_EVENTS.outOfStock, 'out_of_stock', { when: (p, d) => p.reservationId === d.reservationId })],
      compensation: ({ checkout, reservationId }, reason) =>
        cmd<ReleaseInventory>('sendReleaseInventory', { reservationId, checkoutId: checkout.checkoutId, orderId: checkout.orderId, reason: releaseReason(reason) }),
    },
    {
      name: 'payment_initiated',
      timeoutMs: CHECKOUT_TIMEOUTS.payment_initiated,
      command: ({ checkout, paymentId }) =>
        cmd<PaymentInitiated>('publishPaymentInitiated', {
          paymentId,
          checkoutId: checkout.checkoutId,
          orderId: checkout.orderId,
          customerId: checkout.customerId,
          amount: checkout.total,
          paymentMethod: checkout.paymentMethod,
          billingCountry: checkout.shippingAddress.countryCode,
          initiatedAt: checkout.requestedAt,
        }),
      completedBy: [
        reply<FraudCheckCompleted, D>(CHECKOUT_EVENTS.fraudCheckCompleted, {
          when: (p, d) => p.paymentId === d.paymentId && p.decision === 'approved',
          data: (p) => ({ fraudCheckId: p.fraudCheckId, riskScore: p.riskScore }),
        }),
      ],
      failedBy: [
        failure<FraudCheckCompleted, D, CheckoutFailure>(CHECKOUT_EVENTS.fraudCheckCompleted, 'fraud_suspected', {
          when: (p, d) => p.paymentId === d.paymentId && p.decision === 'declined',
        }),
      ],
      // The catalog undoes nothing here: the payment is only prepared (authorize_payment's void closes it on a timeout).
    },
    {
      name: 'authorize_payment',
      timeoutMs: CHECKOUT_TIMEOUTS.authorize_payment,
      command: ({ checkout, paymentId, fraudCheckId }) =>
        cmd<AuthorizePayment>('sendAuthorizePayment', {
          paymentId,
          checkoutId: checkout.checkoutId,
          orderId: checkout.orderId,
          amount: checkout.total,
          fraudCheckId: fraudCheckId ?? '',
        }),
      completedBy: [
        reply<PaymentAuthorized, D>(CHECKOUT_EVENTS.paymentAuthorized, {
          when: (p, d) => p.paymentId === d.paymentId,
          data: (p) => ({ authorizationId: p.authorizationId }),
        }),
      ],
      failedBy: [failure<PaymentDeclined, D, CheckoutFailure>(CHECKOUT_EVENTS.paymentDeclined, 'payment_declined', { when: (p, d) => p.paymentId === d.paymentId })],
      compensation: ({ checkout, paymentId, authorizationId }, reason) =>
        cmd<VoidPayment>('sendVoidPayment', {
          paymentId,
          checkoutId: checkout.checkoutId,
          orderId: checkout.orderId,
          ...(authorizationId !== undefined ? { authorizationId } : {}),
          reason: voidReason(reason),
        }),
    },
    {
      name: 'create_order',
      timeoutMs: CHECKOUT_TIMEOUTS.create_order,
      command: ({ checkout, reservationId, paymentId, authorizationId }) =>
        cmd<CreateOrder>('sendCreateOrder', {
          orderId: checkout.orderId,
          checkoutId: checkout.checkoutId,
          cartId: checkout.cartId,
          customerId: checkout.customerId,
          items: checkout.items,
          total: checkout.total,
          shippingAddress: checkout.shippingAddress,
          reservationId,
          paymentId,
          authorizationId: authorizationId ?? '',
        }),
      completedBy: [reply<OrderCreated, D>(CHECKOUT_EVENTS.orderCreated, { when: (p, d) => p.orderId === d.checkout.orderId, data: (p) => ({ orderCreatedAt: p.createdAt }) })],
      // Undone by cancel-order, which every failed checkout ends with.
    },
  ],
  timeoutReason: 'checkout_timed_out',
  cancelledBy: [failure<OrderCancelled, D, CheckoutFailure>(CHECKOUT_EVENTS.orderCancelled, 'customer_request')],
  onFailed: ({ checkout }, reason) =>
    cmd<CancelOrder>('sendCancelOrder', {
      orderId: checkout.orderId,
      checkoutId: checkout.checkoutId,
      customerId: checkout.customerId,
      reason,
      initiatedBy: reason === 'customer_request' ? 'customer' : 'checkout_saga',
    }),
  afterCompletion: [
    {
      event: CHECKOUT_EVENTS.orderConfirmed,
      data: (p) => ({ capturedAmount: (p as OrderConfirmed).total }),
      send: ({ checkout, paymentId, authorizationId }, p) =>
        cmd<CapturePayment>('sendCapturePayment', { paymentId, orderId: checkout.orderId, authorizationId: authorizationId ?? '', amount: (p as OrderConfirmed).total }),
    },
    { event: CHECKOUT_EVENTS.orderCancelled, compensate: 'customer_request' },
  ],
};
