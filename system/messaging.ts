/**
 * What handlers share: publishing domain events under their stable ids and logging business
 * outcomes. Imports only the runtime and the domain's shared types, so handlers and process
 * wiring both use it without depending on each other.
 */
import type { Envelope, Logger, SendOptions } from '../runtime/index.js';
import type { Emitted, Rejection } from './domain/shared/index.js';

/**
 * Publishes domain events in order, each under its stable message id (a republished event after
 * a redelivery is then recognisable as the same message).
 */
export async function emit<P>(
  send: (payload: P, options?: SendOptions) => Promise<void>,
  events: Emitted<P> | readonly Emitted<P>[] | undefined,
): Promise<void> {
  if (events === undefined) return;
  for (const event of Array.isArray(events) ? (events as readonly Emitted<P>[]) : [events as Emitted<P>]) {
    await send(event.payload, { messageId: event.messageId });
  }
}

/** A command refused by a business rule (the HTTP API's 404/409): acknowledged, nothing published. */
export function logRefusal(logger: Logger, service: string, envelope: Envelope, refusal: Rejection<string>): void {
  logger.info('command-refused', { service, message: envelope.type, messageId: envelope.messageId, reason: refusal.reason, detail: refusal.detail });
}

/** A refusal as the reason of a permanent failure (`ctx.fail`): `<reason>: <detail>`. */
export function refusalText(refusal: Rejection<string>): string {
  return `${refusal.reason}: ${refusal.detail}`;
}

/** An event that changes nothing here (unknown order, older revision, …). */
export function logIgnored(logger: Logger, service: string, envelope: Envelope, reason: string): void {
  logger.debug('event-ignored', { service, message: envelope.type, messageId: envelope.messageId, reason });
}
