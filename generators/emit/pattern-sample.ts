/**
 * A string that matches a JSON Schema `pattern`, for the patterns catalogs write: anchors,
 * literals, escapes, character classes, groups with alternatives and quantifiers. Each part is
 * repeated its minimum number of times (at least once for `+`) and takes the first character
 * its class allows. Anything else (lookarounds, backreferences, negated classes) gives up with
 * `undefined` rather than guess, and so does a sample longer than its budget. The pattern is
 * run once, on the sample: the model has refused patterns that backtrack super-linearly (CW048).
 */

const ESCAPES: Readonly<Record<string, string>> = { d: '0', w: 'a', s: ' ', n: '\n', t: '\t', r: '\r' };

class Unsupported extends Error {}

interface Cursor {
  readonly text: string;
  at: number;
  /** Characters the sample may still grow by: `a{1000000000}` gives up instead of allocating. */
  budget: number;
}

export function patternSample(pattern: string, maxLength = 10_000): string | undefined {
  const cursor: Cursor = { text: pattern, at: 0, budget: maxLength };
  try {
    const out = alternatives(cursor);
    if (cursor.at !== pattern.length || out.length > maxLength) return undefined;
    return new RegExp(pattern, 'u').test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** `a|b|c` up to a closing parenthesis or the end; the first alternative is taken. */
function alternatives(c: Cursor): string {
  const first = sequence(c);
  while (c.text[c.at] === '|') {
    c.at++;
    sequence(c);
  }
  return first;
}

function sequence(c: Cursor): string {
  let out = '';
  while (c.at < c.text.length && c.text[c.at] !== '|' && c.text[c.at] !== ')') {
    const ch = c.text[c.at] as string;
    if (ch === '^' || ch === '$') {
      c.at++;
      continue;
    }
    const atom = readAtom(c);
    const count = quantifier(c);
    c.budget -= atom.length * count;
    if (c.budget < 0) throw new Unsupported('sample too long');
    out += atom.repeat(count);
  }
  return out;
}

function readAtom(c: Cursor): string {
  const ch = c.text[c.at++] as string;
  if (ch === '(') {
    if (c.text[c.at] === '?') {
      if (c.text[c.at + 1] !== ':') throw new Unsupported('lookaround or named group');
      c.at += 2;
    }
    const inner = alternatives(c);
    if (c.text[c.at++] !== ')') throw new Unsupported('unclosed group');
    return inner;
  }
  if (ch === '[') return charClass(c);
  if (ch === '\\') return escaped(c);
  if (ch === '.') return 'a';
  if ('*+?{'.includes(ch)) throw new Unsupported('quantifier without atom');
  return ch;
}

function escaped(c: Cursor): string {
  const ch = c.text[c.at++];
  if (ch === undefined) throw new Unsupported('trailing backslash');
  if (/[1-9DWSbB]/.test(ch)) throw new Unsupported('backreference or negated escape');
  return ESCAPES[ch] ?? ch;
}

/** The first character a class allows: `[A-Z0-9-]` → `A`. */
function charClass(c: Cursor): string {
  if (c.text[c.at] === '^') throw new Unsupported('negated class');
  let first: string | undefined;
  while (c.at < c.text.length && c.text[c.at] !== ']') {
    const ch = c.text[c.at++] as string;
    const value = ch === '\\' ? escaped(c) : ch;
    // A range starts at its lower bound, which is also its first character.
    if (c.text[c.at] === '-' && c.text[c.at + 1] !== ']' && c.at + 1 < c.text.length) c.at += 2;
    first ??= value;
  }
  if (c.text[c.at++] !== ']' || first === undefined) throw new Unsupported('unclosed or empty class');
  return first;
}

/** How many times the atom before repeats: its minimum, and at least once for `+`. */
function quantifier(c: Cursor): number {
  const ch = c.text[c.at];
  let count = 1;
  if (ch === '*' || ch === '?') {
    c.at++;
    count = 0;
  } else if (ch === '+') c.at++;
  else if (ch === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(c.text.slice(c.at));
    if (!m) return 1;
    c.at += m[0].length;
    count = Number(m[1]);
  }
  if (c.text[c.at] === '?') c.at++; // lazy: same minimum
  return count;
}
