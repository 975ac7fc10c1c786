/**
 * `generate` reads the catalog folder once (for its no-op digest) and hands the files to the
 * loader. Loading from that listing must find and parse exactly what a walk of the folder does.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../../../cli/generate-cache.js';
import { discover, type Discovery } from '../../../generators/load/discover.js';
import { loadCatalog, type LoadedCatalog } from '../../../generators/load/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function snapshotOf(catalog: string) {
  const snapshot = catalogSnapshot({ cwd: catalog, options: {}, catalog, out: path.join(catalog, '..', 'none-out'), handlers: path.join(catalog, '..', 'none-handlers') });
  return { files: snapshot.files, read: (file: string) => snapshot.contents.get(file)?.toString('utf8') };
}

/** What discovery found (a walk also knows which entries are links; a given list does not). */
const found = ({ resources, examples }: Discovery) => ({ resources, examples });

/** Everything but the position lookups (functions). */
const comparable = (loaded: LoadedCatalog) => ({ ...loaded, resources: loaded.resources.map(({ lineOf: _lineOf, ...rest }) => rest) });

describe('loading from the files generate already read', () => {
  for (const [name, dir] of [
    ['catalog/', path.join(REPO, 'catalog')],
    ['FlowMart', path.join(REPO, '../shared/catalogs/flowmart')],
  ] as const) {
    it(`discovers and loads ${name} as a walk of the folder does`, async () => {
      const source = snapshotOf(dir);
      expect(found(await discover(dir, source.files))).toEqual(found(await discover(dir)));
      expect(comparable(await loadCatalog(dir, { source }))).toEqual(comparable(await loadCatalog(dir)));
    });
  }

  it('skips what a walk skips: hidden folders, node_modules, dist', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'catwire-source-'));
    try {
      for (const file of ['domains/A/index.mdx', '.hidden/domains/B/index.mdx', 'node_modules/x/index.md', 'dist/index.md', 'teams/t.mdx', 'a/.b/index.md']) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), '---\nid: x\n---\n');
      }
      const source = snapshotOf(root);
      expect(source.files.length).toBeGreaterThan(2); // hidden files are listed, for the digest
      expect(found(await discover(root, source.files))).toEqual(found(await discover(root)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
