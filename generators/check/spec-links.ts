/**
 * How a catalog entry and a spec's message or operation are recognised as the same thing, the
 * way a person reading both documents would: an explicit link first, then the same id, then the
 * same id written in another naming convention. Each rule has a name, so a finding can say which
 * rules it tried.
 */
import type { SpecMessage } from '../load/types.js';
import type { Message, MessageUse } from '../model/types.js';

export type LinkRule = 'link' | 'id' | 'convention';

/** `order-created`, `OrderCreated`, `order_created`, `Order Created` and `order.created` all read the same. */
export function conventionKey(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]+/g, '');
}

export const CONVENTIONS = 'compared exactly and across case, "-", "_", "." and spaces';

/** The rule by which a catalog use names this spec message, if any. */
export function linkRule(use: MessageUse, message: SpecMessage): LinkRule | undefined {
  if (message.link !== undefined) return message.link === use.id ? 'link' : undefined;
  const names = [message.id, ...message.names];
  if (names.includes(use.id)) return 'id';
  const keys = new Set(names.map(conventionKey));
  const catalogNames = [use.id, use.target?.name].filter((n): n is string => n !== undefined);
  return catalogNames.some((n) => keys.has(conventionKey(n))) ? 'convention' : undefined;
}

/** The strongest rule linking `use` to any of `candidates`, and every candidate linked by it. */
export function bestLinks<T>(use: MessageUse, candidates: readonly T[], messageOf: (c: T) => SpecMessage): T[] {
  for (const rule of ['link', 'id', 'convention'] as const) {
    const found = candidates.filter((c) => linkRule(use, messageOf(c)) === rule);
    if (found.length > 0) return found;
  }
  return [];
}

/** `POST /orders/{orderId}/` and `post /orders/{id}` are one route: parameter names do not matter. */
export function routeKey(method: string, path: string): string {
  const normal = path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
  return `${method.toUpperCase()} ${normal}`;
}

export function routeOf(message: Message): { method: string; path: string } | undefined {
  const { method, path } = message.operation ?? {};
  return method && path ? { method: method.toUpperCase(), path } : undefined;
}
