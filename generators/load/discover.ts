/**
 * Finding resources by EventCatalog core's folder rules (the `glob` of each collection in
 * core's content.config.ts). The folder path decides only the resource *type*; identity and
 * version come from frontmatter.
 */
import picomatch from 'picomatch';
import { listCatalog } from './listing.js';
import type { Collection } from './types.js';

export interface DiscoveredFile {
  readonly file: string;
  readonly collection: Collection;
  readonly versioned: boolean;
}

export interface Discovery {
  readonly resources: readonly DiscoveredFile[];
  /** Example payload files (`<message>/examples/*`), relative to the root. */
  readonly examples: readonly string[];
  /** Every file listed (whatever the patterns), relative to the root: what loading checks for links and special files. */
  readonly listed: readonly string[];
  /** Listed entries known to be links or special files; undefined when the caller listed the folder. */
  readonly special: ReadonlySet<string> | undefined;
}

/** Folders inside a catalog that are never catalog content (also what a no-op check skips). */
export const IGNORED_IN_CATALOG = ['**/node_modules/**', 'dist/**', '.eventcatalog-core/**', '**/.git/**'];

const PATTERNS = ['**/index.{md,mdx}', '{,federated/*/}teams/*.{md,mdx}', '{,federated/*/}users/*.{md,mdx}', '**/examples/*.{json,yaml,yml}'];

/**
 * The catalog's resources and examples, from a walk of `root` or, when the caller has listed
 * the folder already (every file, relative POSIX paths), from that list by the same patterns.
 */
export function discover(root: string, given?: readonly string[]): Discovery {
  const own = given ? undefined : listCatalog(root, IGNORED_IN_CATALOG);
  const listed = given ?? (own as { files: readonly string[] }).files;
  const matches = picomatch(PATTERNS, { dot: false, ignore: IGNORED_IN_CATALOG });
  const files = listed.filter((file) => matches(file)).sort();
  const resources: DiscoveredFile[] = [];
  const examples: string[] = [];
  for (const file of files) {
    if (/\/examples\/[^/]+$/.test(file) || file.startsWith('examples/')) {
      if (!/examples\.config\.(ya?ml|json)$/.test(file)) examples.push(file);
      continue;
    }
    const found = classify(file);
    if (found) resources.push(found);
  }
  return { resources, examples, listed, special: own?.special };
}

/** Message, entity and other leaf collections: `**​/<folder>/*​/index` at any depth. */
const LEAF_FOLDERS: Readonly<Record<string, Collection>> = {
  events: 'event',
  commands: 'command',
  queries: 'query',
  entities: 'entity',
  agents: 'agent',
  adrs: 'adr',
  'data-products': 'data-product',
};

/** Services live at fixed depths only: core does not load them anywhere else. */
const SERVICE_SHAPES: readonly (readonly string[])[] = [
  ['domains', '*', 'services', '*'],
  ['domains', '*', 'subdomains', '*', 'services', '*'],
  ['systems', '*', 'services', '*'],
  ['domains', '*', 'systems', '*', 'services', '*'],
  ['services', '*'],
];

const DOMAIN_SHAPES: readonly (readonly string[])[] = [
  ['domains', '*'],
  ['domains', '*', 'subdomains', '*'],
];

/** Folders that end a system's own subtree (core excludes them from the systems glob). */
const NOT_SYSTEM = new Set([
  'agents', 'services', 'events', 'commands', 'queries', 'flows', 'channels', 'entities',
  'containers', 'diagrams', 'data-products', 'adrs', 'docs',
]);

/** Nested-grouping collections: `**​/<folder>/**​/index`. Order matters where paths overlap. */
const GROUPING_FOLDERS: readonly (readonly [string, Collection])[] = [
  ['channels', 'channel'],
  ['flows', 'flow'],
  ['containers', 'container'],
  ['diagrams', 'diagram'],
];

export function classify(file: string): DiscoveredFile | undefined {
  let segments = file.split('/');
  const name = segments.pop() ?? '';
  if (segments[0] === 'federated' && segments.length >= 2) segments = segments.slice(2);

  if (segments.length === 1 && (segments[0] === 'teams' || segments[0] === 'users')) {
    return { file, collection: segments[0] === 'teams' ? 'team' : 'user', versioned: false };
  }
  if (!/^index\.mdx?$/.test(name)) return undefined;

  const versioned = segments.length >= 2 && segments[segments.length - 2] === 'versioned';
  if (versioned) segments = segments.slice(0, -2);

  const leaf = segments.length >= 2 ? LEAF_FOLDERS[segments[segments.length - 2] ?? ''] : undefined;
  if (leaf) return { file, collection: leaf, versioned };
  if (SERVICE_SHAPES.some((shape) => matches(segments, shape))) return { file, collection: 'service', versioned };
  if (DOMAIN_SHAPES.some((shape) => matches(segments, shape))) return { file, collection: 'domain', versioned };
  for (const [folder, collection] of GROUPING_FOLDERS) {
    if (segments.slice(0, -1).includes(folder)) return { file, collection, versioned };
  }
  const system = segments.lastIndexOf('systems');
  if (system >= 0 && system < segments.length - 1 && !segments.slice(system + 1).some((s) => NOT_SYSTEM.has(s))) {
    return { file, collection: 'system', versioned };
  }
  return undefined;
}

function matches(segments: readonly string[], shape: readonly string[]): boolean {
  return segments.length === shape.length && shape.every((part, i) => part === '*' || part === segments[i]);
}
