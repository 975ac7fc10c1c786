/**
 * Shared helpers for the tests of the example catalog in `catalog/`: where it is, and its
 * resources classified by EventCatalog's folder rules (docs: eventcatalog-format.md §1.2).
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { globSync } from 'tinyglobby';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const CATALOG = path.join(REPO, 'catalog');

export type ResourceType =
  | 'domain' | 'service' | 'system' | 'event' | 'command' | 'query' | 'channel'
  | 'flow' | 'entity' | 'container' | 'team' | 'user';

export type Frontmatter = Record<string, unknown>;

export interface Resource {
  readonly type: ResourceType;
  /** Path of the index.mdx (or team/user file), relative to the catalog. */
  readonly file: string;
  /** Folder of the resource, relative to the catalog. */
  readonly dir: string;
  readonly fm: Frontmatter;
  readonly body: string;
}

const PATTERNS: Record<ResourceType, readonly string[]> = {
  domain: ['domains/*/index.mdx', 'domains/*/versioned/*/index.mdx', 'domains/*/subdomains/*/index.mdx'],
  service: ['domains/*/services/*/index.mdx', 'domains/*/subdomains/*/services/*/index.mdx', 'services/*/index.mdx'],
  system: ['**/systems/*/index.mdx'],
  event: ['**/events/*/index.mdx', '**/events/*/versioned/*/index.mdx'],
  command: ['**/commands/*/index.mdx', '**/commands/*/versioned/*/index.mdx'],
  query: ['**/queries/*/index.mdx', '**/queries/*/versioned/*/index.mdx'],
  channel: ['channels/**/index.mdx'],
  flow: ['**/flows/*/index.mdx'],
  entity: ['**/entities/*/index.mdx'],
  container: ['**/containers/*/index.mdx'],
  team: ['teams/*.mdx'],
  user: ['users/*.mdx'],
};

export const MESSAGE_TYPES: readonly ResourceType[] = ['event', 'command', 'query'];

export function loadResources(): Resource[] {
  const resources: Resource[] = [];
  for (const [type, patterns] of Object.entries(PATTERNS) as [ResourceType, readonly string[]][]) {
    for (const file of globSync([...patterns], { cwd: CATALOG }).sort()) {
      const { data, content } = matter(fs.readFileSync(path.join(CATALOG, file), 'utf8'));
      resources.push({ type, file, dir: path.posix.dirname(file), fm: data, body: content });
    }
  }
  return resources;
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const list = (value: unknown): Frontmatter[] => (Array.isArray(value) ? (value as Frontmatter[]) : []);
