/**
 * Which received message a delivery is. catwire's own senders always say (type and version in
 * the envelope); a client not written with catwire often sends bare JSON. The contract still
 * knows what travels where: a message that arrives by an exchange and routing key that the
 * contract maps to exactly one received message is that message, and when nothing identifies a
 * delivery the reason says what is missing and how to send it.
 */
import { bindingRoutes } from '../routing.js';
import type { AssignedAttribute, Envelope } from '../envelope.js';
import type { DeliveryInfo } from './types.js';
import { majorOf, type PlannedMessage, type ServicePlan } from './plan.js';

export type Identified = { readonly message: PlannedMessage; readonly envelope: Envelope } | { readonly problem: string };

/** `arrived` is asked only for a message that does not name itself (it allocates). */
export type Identify = (envelope: Envelope, arrived: () => DeliveryInfo) => Identified;

const addressOf = (exchange: string, routingKey: string) => `${exchange}\u0000${routingKey}`;

/** How a sender states the type, in both envelope modes; quoted in the dead-letter reason. */
const HOW_TO_NAME =
  'set the AMQP "type" property (or the cloudEvents_type header) and the catwire-version header, or "type" and "catwireversion" in a structured CloudEvent';

export function createIdentifier(plan: ServicePlan): Identify {
  // Bridged older majors (versions.ts) are told apart like any other received version.
  const receivable = [...plan.receives, ...plan.bridged];
  const byType = new Map<string, PlannedMessage>();
  for (const m of receivable) byType.set(`${m.id}#${m.major}`, m);
  for (const m of plan.receives) {
    // A sender that does not state the version still reaches the only version received.
    if (receivable.filter((other) => other.id === m.id).length === 1) byType.set(m.id, m);
  }
  // The address each message is published to; one that two messages share identifies neither.
  const byAddress = new Map<string, PlannedMessage | null>();
  for (const m of receivable) {
    const address = addressOf(m.exchange, m.routingKey);
    byAddress.set(address, byAddress.has(address) ? null : m);
  }
  const exchangeTypes = new Map(plan.topology.exchanges.map((e) => [e.name, e.type]));
  const ownBindings = plan.topology.bindings.filter((b) => b.queue === plan.queue);
  const receivedList = plan.receives.map((m) => m.label).join(', ');

  /** Received messages that any binding matching this delivery carries. */
  function carriedBy(arrived: DeliveryInfo): PlannedMessage[] {
    const type = exchangeTypes.get(arrived.exchange) ?? 'direct';
    const found = new Set<PlannedMessage>();
    for (const b of ownBindings) {
      if (b.exchange !== arrived.exchange || !bindingRoutes(type, b.routingKey, arrived.routingKey)) continue;
      for (const m of receivable) if (m.exchange === b.exchange && bindingRoutes(type, b.routingKey, m.routingKey)) found.add(m);
    }
    return [...found];
  }

  function candidates(arrived: DeliveryInfo): PlannedMessage[] {
    const exact = byAddress.get(addressOf(arrived.exchange, arrived.routingKey));
    return exact ? [exact] : carriedBy(arrived);
  }

  function inferred(envelope: Envelope, m: PlannedMessage, filled: readonly AssignedAttribute[]): Identified {
    const assigned = [...(envelope.assigned ?? []), ...filled];
    return { message: m, envelope: { ...envelope, type: m.id, version: m.version, assigned } };
  }

  const where = (arrived: DeliveryInfo) => `exchange "${arrived.exchange}" with routing key "${arrived.routingKey}"`;

  return (envelope, arrivedBy) => {
    if (envelope.type === '') {
      const arrived = arrivedBy();
      const found = candidates(arrived);
      if (found.length === 1) return inferred(envelope, found[0] as PlannedMessage, ['type', 'version']);
      const known = found.length === 0 ? `carries none of the messages service ${plan.service} receives` : `carries more than one (${found.map((m) => m.label).join(', ')})`;
      return { problem: `the message has no type, and ${where(arrived)} ${known}: ${HOW_TO_NAME} (service ${plan.service} receives ${receivedList})` };
    }
    const m = envelope.version ? byType.get(`${envelope.type}#${majorOf(envelope.version)}`) : byType.get(envelope.type);
    if (m) return { message: m, envelope };
    if (!envelope.version) {
      // A type without a version that several versions share: the binding may still tell which.
      const found = candidates(arrivedBy()).filter((c) => c.id === envelope.type);
      if (found.length === 1) return inferred(envelope, found[0] as PlannedMessage, ['version']);
    }
    return { problem: `service ${plan.service} has no handler for ${envelope.type}@${envelope.version || '?'} (it receives ${receivedList})` };
  };
}
