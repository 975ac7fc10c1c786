import type { CatalogSummary, ResourceBase } from './types.js';

const COUNTED: Readonly<Record<string, keyof CatalogSummary>> = {
  domain: 'domains',
  service: 'services',
  event: 'events',
  command: 'commands',
  query: 'queries',
  channel: 'channels',
  flow: 'flows',
  entity: 'entities',
  container: 'containers',
};

/** Counts the latest version of each resource per collection. */
export function summarize(items: readonly ResourceBase[]): CatalogSummary {
  const counts: Record<keyof CatalogSummary, number> = {
    domains: 0, services: 0, events: 0, commands: 0, queries: 0, channels: 0, flows: 0, entities: 0, containers: 0,
  };
  for (const item of items) {
    const key = COUNTED[item.collection];
    if (key && item.latest) counts[key] += 1;
  }
  return counts;
}
