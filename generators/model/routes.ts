/**
 * Channel routes: an EventCatalog channel may route to others (`routes:`, e.g. an exchange to
 * its queues, or one event bus to another). A message sent to one channel of such a chain and
 * received from another still arrives, so the channels joined by routes, in either direction
 * and transitively, count as one when senders and receivers are compared.
 */
import type { Channel } from './types.js';

export class RouteGroups {
  private readonly parent = new Map<string, string>();
  private readonly targets = new Set<string>();

  constructor(channels: readonly Channel[]) {
    for (const channel of channels) {
      for (const route of channel.routes) {
        if (!route.target) continue;
        this.targets.add(route.target.id);
        this.join(channel.id, route.target.id);
      }
    }
  }

  /** The id that stands for every channel joined to `id` by routes. */
  group(id: string): string {
    let root = id;
    for (let next = this.parent.get(root); next !== undefined; next = this.parent.get(root)) root = next;
    // Path compression keeps later lookups flat on long chains.
    for (let at = id, next = this.parent.get(at); next !== undefined && next !== root; at = next, next = this.parent.get(at)) this.parent.set(at, root);
    return root;
  }

  /** True when another channel routes to this one: it is downstream, not where a sender publishes. */
  isRouteTarget(id: string): boolean {
    return this.targets.has(id);
  }

  private join(a: string, b: string): void {
    const ra = this.group(a);
    const rb = this.group(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}
