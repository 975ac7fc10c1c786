/** The Order Service's orders: PostgreSQL rows plus outbox events, written together. */
export { createOrderStore, InvalidOrderError, OrderConflictError, toOrder } from './store.js';
export type {
  CancelOrderOutcome,
  CompleteOrderOutcome,
  CreateOrderOutcome,
  ListOrdersOptions,
  MessageMeta,
  OrderStore,
  OrderStoreOptions,
} from './store.js';
export { ORDER_AGGREGATE, ORDER_EVENTS } from './types.js';
export type * from './types.js';
