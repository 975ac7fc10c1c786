/**
 * Large catalogs take another path: the built CLI starts worker threads before loading and
 * compiles types there in batches. Its output must be byte for byte what the one-thread path
 * (in-process, from sources) writes for the same catalog.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../cli/tree.js';
import { writeSyntheticCatalog } from '../../bench/synthetic-catalog.js';
import { POOL_THRESHOLD } from '../../generators/emit/type-pool.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { cli, cliProcess } from '../helpers/run-cli.js';

const SERVICES = Math.ceil(POOL_THRESHOLD / 10) + 1; // 10 message types each

describe('catwire generate on a catalog large enough for the worker pool', () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject({});
    writeSyntheticCatalog(path.join(project.root, 'catalog'), SERVICES, 10);
  });
  afterAll(() => project.cleanup());

  it('writes the same files on worker threads as in one thread', async () => {
    const pooled = await cliProcess(['generate', '--runtime', project.runtime, '--out', 'pooled', '--handlers', 'handlers'], project.root);
    expect(pooled).toMatchObject({ code: 0, err: '' });
    const single = await cli(['generate', '--runtime', project.runtime, '--out', 'single', '--handlers', 'handlers'], project.root);
    expect(single).toMatchObject({ code: 0, err: '' });
    const a = readTree(path.join(project.root, 'pooled'));
    const b = readTree(path.join(project.root, 'single'));
    expect(a.size).toBe(SERVICES * 16 + 4); // per service 10 types, 4 modules, a contract test and its payloads; index, topology, test support, generator stamp
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, content] of a) expect(content, file).toBe(b.get(file));
  });
});
