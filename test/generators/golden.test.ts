/**
 * generated/ is committed: regenerating it from catalog/ into a temp folder must give the same
 * bytes, compared with the very function `catwire generate --check` uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitOptionsOf, resolveConfig } from '../../cli/config.js';
import { readTree, replaceTree } from '../../cli/tree.js';
import { writtenCasters } from '../../generators/check/versions.js';
import { compareTree } from '../../generators/compare.js';
import { emit } from '../../generators/emit/index.js';
import { analyzeCatalog } from '../../generators/index.js';
import { REPO } from '../helpers/run-cli.js';

describe('generated/', () => {
  it('is exactly what catwire generate writes for catalog/', async () => {
    const config = resolveConfig({}, REPO);
    const { model } = await analyzeCatalog(config.catalog);
    // No previous tree: every file is rendered from scratch. The casters written in handlers/
    // are the project's, as `generate` finds them (a written caster wins over a derived one).
    const userCasters = writtenCasters(model.codegen, 'handlers', readTree(config.handlers));
    const files = await emit(model, { ...emitOptionsOf(config), userCasters });
    const temp = mkdtempSync(path.join(tmpdir(), 'catwire-golden-'));
    try {
      replaceTree(path.join(temp, 'generated'), files);
      const regenerated = [...readTree(path.join(temp, 'generated'))].map(([p, content]) => ({ path: p, content }));
      expect(compareTree(regenerated, readTree(config.out))).toEqual({ changed: [], missing: [], orphaned: [], unchanged: files.length });
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('is deterministic: two cold runs give byte-identical trees', async () => {
    const config = resolveConfig({}, REPO);
    const { model } = await analyzeCatalog(config.catalog);
    const first = await emit(model, emitOptionsOf(config));
    const second = await emit((await analyzeCatalog(config.catalog)).model, emitOptionsOf(config));
    expect(second).toEqual(first);
  });
});
