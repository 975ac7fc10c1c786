/**
 * Order Service domain glue: the order database (system/order-store) is the domain; this module
 * maps between it and the messaging side, without a broker.
 *
 * - `messageMeta(envelope)`: what an outbox row carries of the command that caused it (its
 *   correlation id, the command's id as causation id, its trace), so the event published later by
 *   the relay continues the flow.
 * - `outboxRoute(message)`: which producer method publishes an outbox row, and the send options
 *   (the row id as message id: a row published twice after a crash is recognisable; the row's
 *   version: a row written by the code of an older major before an upgrade is published through
 *   the event's bridge, docs/versions.md).
 */
import type { Envelope, SendOptions } from '../../../runtime/index.js';
import type { MessageMeta } from '../../order-store/index.js';
import type { OutboxMessage } from '../../outbox/index.js';

/** The Order Service producer methods that publish outbox rows. */
export type OrderEventMethod = 'publishOrderCreated' | 'publishOrderCancelled' | 'publishOrderCompleted';

/**
 * By message type: the row's version goes along, and the producer decides whether it can publish
 * that major (the current one, or an older one its contract still bridges) or refuses it.
 */
const ROUTES: Readonly<Record<string, OrderEventMethod>> = {
  'order-created': 'publishOrderCreated',
  'order-cancelled': 'publishOrderCancelled',
  'order-completed': 'publishOrderCompleted',
};

export class UnroutableOutboxMessageError extends Error {
  override readonly name = 'UnroutableOutboxMessageError';
}

export function messageMeta(envelope: Envelope): MessageMeta {
  return {
    correlationId: envelope.correlationId,
    causationId: envelope.messageId,
    ...(envelope.traceparent !== undefined ? { traceparent: envelope.traceparent } : {}),
  };
}

export function outboxRoute(message: OutboxMessage): { readonly method: OrderEventMethod; readonly options: SendOptions } {
  const method = Object.hasOwn(ROUTES, message.type) ? ROUTES[message.type] : undefined;
  if (!method) throw new UnroutableOutboxMessageError(`outbox row ${message.id}: the Order Service does not publish ${message.type}@${message.version}`);
  const { correlationId, causationId, traceparent, headers } = message.metadata;
  return {
    method,
    options: {
      messageId: message.id,
      version: message.version,
      ...(correlationId !== undefined ? { correlationId } : {}),
      ...(causationId !== undefined ? { causationId } : {}),
      ...(traceparent !== undefined ? { traceparent } : {}),
      ...(headers !== undefined ? { headers } : {}),
    },
  };
}
