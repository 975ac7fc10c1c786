/** json-schema-to-typescript's unformatted output gets the `;` hand-written TypeScript has. */
import { describe, expect, it } from 'vitest';
import { withSemicolons } from '../../../generators/emit/format.js';

describe('withSemicolons', () => {
  it('ends members, index signatures and aliases; not interfaces, open brackets or union continuations', () => {
    const input = [
      '/**',
      ' * A doc line',
      ' */',
      'export interface A {',
      'name: string',
      '"odd}key"?: ("x" | "y")',
      'nested: {',
      'deep: number[]',
      '[k: string]: unknown',
      '}',
      'list: {',
      'n: number',
      '}[]',
      '}',
      'export type U = ({',
      'a: string',
      '} | {',
      'b: string',
      '})',
      'export type S = string',
      'export interface Empty {}',
    ].join('\n');
    expect(withSemicolons(input)).toBe(
      [
        '/**',
        ' * A doc line',
        ' */',
        'export interface A {',
        'name: string;',
        '"odd}key"?: ("x" | "y");',
        'nested: {',
        'deep: number[];',
        '[k: string]: unknown;',
        '};',
        'list: {',
        'n: number;',
        '}[];',
        '}',
        'export type U = ({',
        'a: string;',
        '} | {',
        'b: string;',
        '});',
        'export type S = string;',
        'export interface Empty {}',
      ].join('\n'),
    );
  });
});
