/**
 * The top-level frontmatter keys EventCatalog core knows per collection (its zod schemas in
 * content.config.ts). Core ≥ 4.2.3 rejects any other key unless it starts with `x-`; teams,
 * users, agents, data products, ADRs and diagrams are not checked here.
 */
import type { Collection } from '../load/types.js';

const BASE = [
  'id', 'name', 'version', 'summary', 'owners', 'badges', 'draft', 'deprecated', 'schemaPath',
  'specifications', 'sidebar', 'repository', 'hidden', 'editUrl', 'resourceGroups', 'styles',
  'visualiser', 'attachments', 'diagrams', 'detailsPanel', 'versions', 'latestVersion', 'catalog',
];

const POINTER_LISTS = ['sends', 'receives'];

const BY_COLLECTION: Partial<Record<Collection, readonly string[]>> = {
  domain: [...BASE, ...POINTER_LISTS, 'services', 'agents', 'systems', 'entities', 'flows', 'domains', 'data-products'],
  system: [...BASE, 'scope', 'services', 'flows', 'entities', 'containers', 'relationships', 'actors'],
  service: [...BASE, ...POINTER_LISTS, 'entities', 'writesTo', 'readsFrom', 'flows', 'externalSystem'],
  event: [...BASE, 'operation', 'channels', 'schemas', 'producers', 'consumers', 'messageChannels'],
  command: [...BASE, 'operation', 'channels', 'schemas', 'producers', 'consumers', 'messageChannels'],
  query: [...BASE, 'operation', 'channels', 'schemas', 'producers', 'consumers', 'messageChannels'],
  channel: [...BASE, 'address', 'protocols', 'deliveryGuarantee', 'parameters', 'routes', 'channels', 'messages'],
  flow: [...BASE, 'steps'],
  entity: [...BASE, 'aggregateRoot', 'identifier', 'properties', 'services', 'domains'],
  container: [
    ...BASE, 'container_type', 'technology', 'purpose', 'residency', 'retention', 'authoritative',
    'access_mode', 'classification', 'services', 'servicesThatWriteToContainer', 'servicesThatReadFromContainer',
  ],
};

const SETS = new Map<Collection, ReadonlySet<string>>(
  Object.entries(BY_COLLECTION).map(([collection, keys]) => [collection as Collection, new Set(keys)]),
);

/** Keys core would reject; `undefined` for collections that are not checked. */
export function unknownKeys(collection: Collection, frontmatter: Readonly<Record<string, unknown>>): string[] | undefined {
  const known = SETS.get(collection);
  if (!known) return undefined;
  return Object.keys(frontmatter).filter((key) => !key.startsWith('x-') && !known.has(key));
}
