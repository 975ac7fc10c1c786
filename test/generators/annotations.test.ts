/**
 * catwire's schema keywords are declared in one place (generators/annotations.ts): every
 * `x-catwire-*` name the generators and templates use is declared there (or is the frontmatter
 * key `x-catwire-name`), and a strict ajv that is told them accepts schemas carrying them
 * without validating differently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { addCatwireKeywords, CATWIRE_SCHEMA_KEYWORDS, NOT_READ, RENAMED_FROM } from '../../generators/annotations.js';
import { NAME_KEY } from '../../generators/model/plan.js';
import { REPO } from '../helpers/run-cli.js';

function sources(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('catwire schema keywords', () => {
  it('every x-catwire-* name in generators/ and templates/ is declared', () => {
    const used = new Set<string>();
    for (const file of [...sources('generators'), ...sources('templates')]) {
      for (const [name] of readFileSync(path.join(REPO, file), 'utf8').matchAll(/x-catwire-[a-z-]*[a-z]/g)) used.add(name);
    }
    expect([...used].sort()).toEqual([...CATWIRE_SCHEMA_KEYWORDS, NAME_KEY].sort());
  });

  it.each([
    ['draft-07', () => new Ajv({ strict: true })],
    ['2020-12', () => new Ajv2020({ strict: true })],
  ])('a strict %s ajv accepts them, and they change no verdict', (_dialect, create) => {
    const schema = { type: 'object', properties: { customer: { type: 'string', [RENAMED_FROM]: 'customerId' } }, required: ['customer'], [NOT_READ]: 'why' };
    expect(() => create().compile(schema)).toThrow(/unknown keyword/);
    const validate = addCatwireKeywords(create()).compile(schema);
    expect([validate({ customer: 'c' }), validate({ customerId: 'c' })]).toEqual([true, false]);
  });
});
