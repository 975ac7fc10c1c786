/**
 * The in-process formatting of json-schema-to-typescript's output: both passes find brackets
 * with one scanner, which skips string literals; only the indenting pass stops at a `//`.
 */
import { describe, expect, it } from 'vitest';
import { formatTypeScript, withSemicolons } from '../../../generators/emit/format.js';

describe('formatTypeScript', () => {
  it('indents one level per line that leaves brackets open; closers at the start of a line settle first', () => {
    const input = ['export interface A {', 'b: {', 'c: {', 'd: "}])"', '}[]', '}', '}'].join('\n');
    expect(formatTypeScript(input)).toBe(['export interface A {', '  b: {', '    c: {', '      d: "}])"', '    }[]', '  }', '}'].join('\n'));
  });

  it('counts no bracket after a `//` outside a string', () => {
    const input = ['export interface A {', 'a: string // see (a', 'b: "//{"', '}'].join('\n');
    expect(formatTypeScript(input)).toBe(['export interface A {', '  a: string // see (a', '  b: "//{"', '}'].join('\n'));
  });
});

describe('withSemicolons', () => {
  it('reads brackets to the end of the line: its input (declarations, JSDoc comments) has no `//` comments', () => {
    const input = ['export interface A {', 'a: string // see (a', 'b: number', '}'].join('\n');
    // The `(` in the comment counts as open, so neither member is ended and the `}` closes it.
    expect(withSemicolons(input)).toBe(['export interface A {', 'a: string // see (a', 'b: number', '};'].join('\n'));
  });
});
