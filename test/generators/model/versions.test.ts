import { describe, expect, it } from 'vitest';
import { VersionIndex } from '../../../generators/model/versions.js';

const index = new VersionIndex<{ id: string; version: string }>();
for (const version of ['0.0.1', '1.0.0', '1.0.1', '1.2.3', '2.0.0-beta.1']) index.add({ id: 'InventoryAdjusted', version });

// [pointer version, resolved version or undefined] — core's findInMap semantics.
const cases: [string | undefined, string | undefined][] = [
  [undefined, '2.0.0-beta.1'],
  ['latest', '2.0.0-beta.1'],
  ['1.0.1', '1.0.1'],
  ['1.x', '1.2.3'],
  ['x', '1.2.3'],
  ['^1.0.0', '1.2.3'],
  ['~1.0.0', '1.0.1'],
  ['>1.0.0 <1.2.0', '1.0.1'],
  ['0.0.x', '0.0.1'],
  ['0.0.2', undefined],
  ['3.x', undefined],
  ['not-a-version', undefined],
];

describe('VersionIndex.resolve', () => {
  it.each(cases)('%s → %s', (pointer, want) => {
    const result = index.resolve('InventoryAdjusted', pointer);
    expect(result.ok ? result.target.version : undefined).toBe(want);
  });

  it('reports the versions that exist when none matches', () => {
    expect(index.resolve('InventoryAdjusted', '0.0.2')).toEqual({
      ok: false,
      reason: 'no-version',
      available: ['2.0.0-beta.1', '1.2.3', '1.0.1', '1.0.0', '0.0.1'],
    });
  });

  it('reports an unknown id', () => {
    expect(index.resolve('Nope', 'latest')).toMatchObject({ ok: false, reason: 'unknown-id' });
  });
});
