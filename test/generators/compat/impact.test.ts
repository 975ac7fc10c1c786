/**
 * From a change's effect to what it means per role, and from impact to the semver bump.
 */
import { describe, expect, it } from 'vitest';
import { impactOf, overallImpact, requiredBump, type ChangeEffect, type Impact, type Role, type SchemaChange } from '../../../generators/compat/index.js';

const change = (effect: ChangeEffect): SchemaChange => ({ pointer: '/x', code: 'type-changed', effect, message: 'm' });

describe('impactOf', () => {
  const table: [ChangeEffect, Role, Impact][] = [
    ['widening', 'publisher', 'breaking'],
    ['widening', 'receiver', 'additive'],
    ['narrowing', 'publisher', 'additive'],
    ['narrowing', 'receiver', 'breaking'],
    ['both', 'publisher', 'breaking'],
    ['both', 'receiver', 'breaking'],
    ['none', 'publisher', 'patch'],
    ['none', 'receiver', 'patch'],
  ];
  it.each(table)('%s for a %s is %s', (effect, role, impact) => {
    expect(impactOf(change(effect), role)).toBe(impact);
  });
});

describe('overallImpact', () => {
  it('is none for no changes', () => {
    expect(overallImpact([], 'publisher')).toBe('none');
    expect(overallImpact([], 'receiver')).toBe('none');
  });
  it('takes the strongest impact: breaking > additive > patch', () => {
    const changes = [change('none'), change('narrowing')];
    expect(overallImpact(changes, 'publisher')).toBe('additive');
    expect(overallImpact(changes, 'receiver')).toBe('breaking');
    expect(overallImpact([change('none'), change('none')], 'receiver')).toBe('patch');
    expect(overallImpact([change('narrowing'), change('widening')], 'publisher')).toBe('breaking');
  });
});

describe('requiredBump', () => {
  const table: [Impact | 'none', string, ReturnType<typeof requiredBump>][] = [
    ['breaking', '1.2.3', 'major'],
    ['breaking', '0.3.1', 'minor'],
    ['breaking', '0.0.4', 'minor'],
    ['breaking', '2.0.0-beta.1', 'major'],
    ['additive', '1.2.3', 'minor'],
    ['additive', '0.3.1', 'minor'],
    ['patch', '1.2.3', 'patch'],
    ['patch', '0.3.1', 'patch'],
    ['none', '1.2.3', 'none'],
    ['none', 'not-a-version', 'none'],
  ];
  it.each(table)('%s from %s needs %s', (impact, version, bump) => {
    expect(requiredBump(impact, version)).toBe(bump);
  });
  it('refuses to guess the bump of a breaking change to a non-semver version', () => {
    expect(() => requiredBump('breaking', '1.0')).toThrow(RangeError);
  });
});
