/** Findings made without a line get the line of the field they name (generators/model/located.ts). */
import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../../generators/diagnostics.js';
import { fieldPath, located } from '../../../generators/model/located.js';

describe('fieldPath', () => {
  it('reads dotted keys and list indices', () => {
    expect(fieldPath('receives[3].version')).toEqual(['receives', 3, 'version']);
    expect(fieldPath('x-amqp.queue.deliveryLimit')).toEqual(['x-amqp', 'queue', 'deliveryLimit']);
    expect(fieldPath('steps[0][2].id')).toEqual(['steps', 0, 2, 'id']);
    expect(fieldPath('id')).toEqual(['id']);
  });

  it('stops at a bracket that is no index, keeping the path up to it', () => {
    expect(fieldPath('x-amqp.routes[first].id')).toEqual(['x-amqp', 'routes']);
  });
});

describe('located', () => {
  const lines: Record<string, number> = { 'x-amqp': 9, 'x-amqp.prefetch': 11 };
  const lineOf = (file: string, path: readonly (string | number)[]) => (file === 'services/A/index.mdx' ? lines[path.join('.')] : undefined);
  const finding = (field: string | undefined, line?: number) =>
    diagnostic('invalid-extension', { file: 'services/A/index.mdx', field, line, message: 'm', fix: 'f' });

  it('adds the line of the field a finding names', () => {
    expect(located(finding('x-amqp.prefetch'), lineOf).line).toBe(11);
  });

  it('keeps a line the rule gave, and leaves a finding without field or known line as it is', () => {
    expect(located(finding('x-amqp.prefetch', 3), lineOf).line).toBe(3);
    const bare = finding(undefined);
    expect(located(bare, lineOf)).toBe(bare);
    const unknown = finding('x-amqp.retry');
    expect(located(unknown, lineOf)).toBe(unknown);
  });
});
