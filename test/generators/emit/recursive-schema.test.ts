/**
 * Golden output for a recursive JSON Schema (issue 11 item 4): a oneOf cycle and an allOf cycle
 * through $ref, both nesting through properties or items, as Spring/Java exports have them. The
 * type module is pinned byte for byte and compiled with the project's strict settings; its
 * samples terminate and validate. (A cycle that never nests is refused as CW049: see
 * test/hostile/generated-names.test.ts.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplesFor } from '../../../generators/emit/sample.js';
import { typeDeclarations } from '../../../generators/emit/type-declarations.js';
import { checkSchema } from '../../../generators/model/schema-safety.js';
import { renderTypeModule } from '../../../templates/types-module.js';
import { tempProject, typeCheck } from '../../helpers/project.js';
import { REPO } from '../../helpers/run-cli.js';

const FIXTURE = path.join(REPO, 'test/fixtures/recursive-schema');
const schema = JSON.parse(readFileSync(path.join(FIXTURE, 'schema.json'), 'utf8')) as Record<string, unknown>;
const project = tempProject({});
afterAll(() => project.cleanup());

async function typeModule(runtimeImport: string): Promise<string> {
  const declarations = await typeDeclarations({ schema, cwd: FIXTURE, name: 'CatalogTreeChanged', doc: ['Catalog tree changed — event catalog-tree-changed@1.0.0.'] });
  return renderTypeModule({ runtimeImport, doc: [], payloadDeclarations: declarations, schemaName: 'catalogTreeChangedSchema', schema });
}

describe('a recursive schema', () => {
  it('is accepted by the model: every cycle nests', () => {
    expect(checkSchema({ file: 'schema.json', content: schema })).toEqual([]);
  });

  it('prints interfaces and aliases that refer to each other through properties and items (golden)', async () => {
    expect(await typeModule('catwire/runtime')).toBe(readFileSync(path.join(FIXTURE, 'expected.ts'), 'utf8'));
  });

  it('compiles under strict (no TS2456 circular alias)', async () => {
    const file = path.join(project.root, 'generated/types/catalog-tree-changed.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await typeModule(path.posix.join('../..', project.runtime)));
    expect(await typeCheck(project.root)).toEqual([]);
  }, 60_000);

  it('gets samples that terminate and validate', () => {
    const samples = samplesFor(schema);
    expect(samples.map((s) => s.shape)).toContain('minimal');
    expect(samples.find((s) => s.shape === 'minimal')?.payload).toEqual({ root: { name: 'sample' } });
  });
});
