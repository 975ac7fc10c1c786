/**
 * A large catalog's model holds tens of thousands of objects (resources, uses, plans) that every
 * emitter reads again. V8 reads quickly from objects that share a hidden class; building them as
 * `{ ...other, key }` gives each one a class of its own and turns every later read into a slow,
 * megamorphic one (15 % more CPU on a cold 1,000-service run: generators/model/kinds.ts). This checks, with V8's own test
 * intrinsic in a child process, that the model's objects of one kind share their class.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCatalog } from '../../../bench/synthetic-catalog.js';
import { REPO } from '../../helpers/run-cli.js';

describe('the model of a catalog', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'catwire-hidden-classes-'));
    // V8 gives up sharing after a handful of objects: 40 services make hundreds of each kind.
    writeSyntheticCatalog(dir, 40, 10);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the objects of each kind with one shared hidden class', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', path.join(REPO, 'test/generators/model/hidden-classes.probe.ts'), dir],
      { cwd: REPO },
    );
    const report = JSON.parse(stdout) as Record<string, { pairs: number; shared: number }>;
    expect(Object.keys(report)).toHaveLength(7);
    for (const [kind, { pairs, shared }] of Object.entries(report)) {
      expect(pairs, kind).toBeGreaterThanOrEqual(39);
      expect(shared, kind).toBe(pairs);
    }
  });
});
