/**
 * Subschemas defined alike in several message schemas are declared once, in types/shared/, and
 * imported; differing ones with one name get distinct shared names; one-offs stay local.
 */
import { describe, expect, it } from 'vitest';
import { emit } from '../../../generators/emit/index.js';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { event, producer } from '../model/fixtures.js';

const money = (currency: object) => ({ type: 'object', description: 'An amount.', required: ['amount'], properties: { amount: { type: 'integer' }, currency } });
const line = { type: 'object', properties: { price: { $ref: '#/definitions/Money' } } };

/** Events a, b, c, d sent by the producer, each with its own schema holding `definitions`. */
function catalog(definitions: Record<string, Record<string, unknown>>): FileMap {
  const files: Record<string, unknown> = { ...BASE_FILES, 'services/Producer/index.mdx': { ...producer, sends: Object.keys(definitions).map((id) => ({ id, version: '1.0.0' })) } };
  for (const [id, defs] of Object.entries(definitions)) {
    files[`services/Producer/events/${id}/index.mdx`] = { ...event, id, name: id };
    files[`services/Producer/events/${id}/schema.json`] = {
      type: 'object',
      properties: { total: { $ref: '#/definitions/Money' }, ...(defs.Line ? { line: { $ref: '#/definitions/Line' } } : {}) },
      definitions: defs,
    };
  }
  return files as FileMap;
}

async function generated(files: FileMap): Promise<Map<string, string>> {
  const { root, cleanup } = writeCatalog(files);
  try {
    const { model } = await analyzeCatalog(root, { today: '2026-11-22' });
    const out = await emit(model, { runtime: '@catwire/runtime', layout: { out: 'generated', handlers: 'handlers', catalog: 'catalog' } });
    return new Map(out.filter((f) => f.path.startsWith('types/')).map((f) => [f.path, f.content.slice(f.content.indexOf('\n\n') + 2)]));
  } finally {
    cleanup();
  }
}

describe('shared subschema types', () => {
  it('declares alike definitions once (with what they refer to), differing ones under distinct names, one-offs locally', async () => {
    const files = await generated(
      catalog({
        a: { Money: money({ type: 'string' }), Line: line },
        b: { Money: money({ type: 'string' }), Line: line },
        c: { Money: money({ enum: ['EUR'] }) },
        d: { Money: money({ enum: ['EUR'] }) },
        e: { Money: money({ type: 'number' }) },
      }),
    );
    expect([...files.keys()].filter((p) => p.startsWith('types/shared/'))).toEqual(['types/shared/line.ts', 'types/shared/money.ts', 'types/shared/money2.ts']);
    expect(files.get('types/shared/money.ts')).toBe(
      ['/**', ' * An amount.', ' */', 'export interface Money {', '  amount: number;', '  currency?: string;', '  [k: string]: unknown;', '}', ''].join('\n'),
    );
    expect(files.get('types/shared/line.ts')).toContain('import type { Money } from "./money.js";\n\nexport interface Line {\n  price?: Money;');
    expect(files.get('types/a.ts')).toContain('import type { Line } from "./shared/line.js";\nimport type { Money } from "./shared/money.js";\n');
    expect(files.get('types/a.ts')).not.toMatch(/export interface (Money|Line)\b/);
    expect(files.get('types/c.ts')).toContain('import type { Money2 } from "./shared/money2.js";\n');
    // c's schema calls it Money: the local name stays, as an alias of the shared type.
    expect(files.get('types/c.ts')).toContain('export type Money = Money2;');
    expect(files.get('types/e.ts')).toContain('export interface Money {\n  amount: number;\n  currency?: number;');
    expect(files.get('types/e.ts')).not.toContain('/shared/');
  });
});
