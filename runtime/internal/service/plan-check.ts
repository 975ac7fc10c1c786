/**
 * Cross-reference checks on a contract, run before anything is declared. Every problem is
 * collected (not just the first), one line each, in one grammar:
 * `<Kind>: <name> <problem>: <value>` (rascal's style).
 */
import type { ServiceContract } from '../../contract.js';
import { bindingRoutes } from '../routing.js';

const reserved = (exchange: string) => exchange === '' || exchange.startsWith('amq.');

export function checkContract(contract: ServiceContract): string[] {
  const problems: string[] = [];
  const t = contract.topology;
  const exchanges = new Map(t.exchanges.map((e) => [e.name, e]));
  const queues = new Map(t.queues.map((q) => [q.name, q]));

  for (const b of t.bindings) {
    if (!exchanges.has(b.exchange)) problems.push(`Binding: ${b.exchange} → ${b.queue} refers to an unknown exchange: ${b.exchange}`);
    if (!queues.has(b.queue)) problems.push(`Binding: ${b.exchange} → ${b.queue} refers to an unknown queue: ${b.queue}`);
  }
  for (const q of t.queues) {
    if (q.role === 'retry' && !(typeof q.delayMs === 'number' && q.delayMs > 0)) {
      problems.push(`Queue: ${q.name} has role "retry" but no positive delayMs`);
    }
  }
  for (const [key, m] of Object.entries(contract.sends)) {
    if (!reserved(m.exchange) && !exchanges.has(m.exchange)) {
      problems.push(`Message: ${key} (${m.id}@${m.version}) is sent to an undeclared exchange: ${m.exchange}`);
    }
  }
  if (!(Number.isInteger(contract.prefetch) && contract.prefetch > 0)) problems.push(`Service: prefetch must be a positive integer: ${contract.prefetch}`);
  if (Object.keys(contract.receives).length > 0) problems.push(...checkReceiving(contract));
  return problems;
}

function checkReceiving(contract: ServiceContract): string[] {
  const problems: string[] = [];
  const t = contract.topology;
  const queues = new Map(t.queues.map((q) => [q.name, q]));
  const main = queues.get(contract.queue);
  if (!main) problems.push(`Service: queue ${contract.queue} is not declared in topology.queues`);
  else if (main.role !== 'main') problems.push(`Queue: ${contract.queue} is the service queue but has role "${main.role}"`);
  if (t.queues.filter((q) => q.role === 'dead-letter').length !== 1) {
    problems.push(`Service: ${contract.queue} needs exactly one queue with role "dead-letter" in topology.queues`);
  }
  for (const delay of new Set(contract.retry.delaysMs)) {
    if (!t.queues.some((q) => q.role === 'retry' && q.delayMs === delay)) {
      problems.push(`Retry: delay ${delay} ms has no queue with role "retry" and delayMs ${delay}`);
    }
  }
  for (const [name, d] of Object.entries(contract.businessDeadLetters ?? {})) {
    const q = queues.get(d.queue);
    if (!q) problems.push(`Dead letter: ${name} refers to a queue not declared in topology.queues: ${d.queue}`);
    else if (q.role !== 'business-dead-letter') problems.push(`Dead letter: ${name} refers to queue ${d.queue}, which has role "${q.role}" instead of "business-dead-letter"`);
  }
  const seen = new Map<string, string>();
  for (const [key, m] of Object.entries(contract.receives)) {
    const kind = `${m.id} v${m.version.split('.')[0] ?? ''}`;
    const other = seen.get(kind);
    if (other !== undefined) problems.push(`Message: ${kind} is received twice: ${other}, ${key}`);
    seen.set(kind, key);
    const type = t.exchanges.find((e) => e.name === m.exchange)?.type ?? 'direct';
    const bound = t.bindings.some(
      (b) => b.exchange === m.exchange && b.queue === contract.queue && bindingRoutes(type, b.routingKey, m.routingKey),
    );
    if (!bound) {
      problems.push(`Message: ${key} (${m.id}@${m.version}) has no binding from ${m.exchange} to ${contract.queue} for routing key: ${m.routingKey}`);
    }
  }
  return problems;
}
