/**
 * Formatting json-schema-to-typescript's output, once, in process. With `format: false` it
 * prints correct declarations without indentation; running Prettier (its default) or the
 * TypeScript printer costs more than generating the rest of the code (~3 ms and ~0.3 ms per
 * schema), so this indents its known output shape directly: one level per line that leaves
 * brackets open, JSDoc continuation lines aligned under their `/**`.
 */

const isOpener = (c: string) => c === '{' || c === '(' || c === '[';
const isCloser = (c: string) => c === '}' || c === ')' || c === ']';

/**
 * The brackets of a line, in order, outside string literals: the one scan both passes use.
 * With `toLineComment`, a `//` outside a string ends the line (the indenting pass must not count
 * a bracket in a trailing comment); the `;` pass reads the whole line, because its input
 * (declarations with JSDoc) has no `//` comments. test/generators/emit/format.test.ts pins both.
 */
function brackets(line: string, toLineComment: boolean): string {
  let found = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (toLineComment && c === '/' && line[i + 1] === '/') break;
    else if (isOpener(c) || isCloser(c)) found += c;
  }
  return found;
}

/** Brackets opened (positive) or closed (negative) on a line, and how many closers come before anything else on it. */
function bracketBalance(line: string): { leadingClosers: number; net: number } {
  let net = 0;
  for (const c of brackets(line, true)) net += isCloser(c) ? -1 : 1;
  let leadingClosers = 0;
  for (const c of line) {
    if (isCloser(c)) leadingClosers++;
    else if (c !== ' ') break;
  }
  return { leadingClosers, net };
}

/** Closes `closers` brackets, innermost open line first, dropping lines that are settled. */
function settle(open: number[], closers: number): void {
  let remaining = closers;
  while (remaining > 0 && open.length > 0) {
    const owed = (open.pop() as number) - remaining;
    if (owed > 0) {
      open.push(owed);
      return;
    }
    remaining = -owed;
  }
}

export function formatTypeScript(text: string): string {
  const out: string[] = [];
  // Brackets still open on each indenting line, innermost last: one indent level each.
  const open: number[] = [];
  let inDoc = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const indent = '  '.repeat(open.length);
    if (inDoc || line.startsWith('/*')) {
      inDoc = !line.includes('*/');
      out.push(line.startsWith('*') ? `${indent} ${line}` : `${indent}${line}`);
      continue;
    }
    if (line === '') {
      out.push('');
      continue;
    }
    const { leadingClosers, net } = bracketBalance(line);
    // Closers at the start of a line settle the innermost open lines before it is printed.
    settle(open, leadingClosers);
    out.push(`${'  '.repeat(open.length)}${line}`);
    const rest = net + leadingClosers;
    if (rest > 0) open.push(rest);
    else settle(open, -rest);
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/**
 * Ends every member and type alias with `;`, as hand-written TypeScript does: with `format:
 * false` json-schema-to-typescript leaves them bare. Works on its known output shape, line by
 * line: a line that leaves no bracket open ends a member when it sits directly in an object type
 * (`{`), and ends a statement at the top level, except the `}` closing an interface.
 */
export function withSemicolons(text: string): string {
  // The open brackets, innermost last, each with whether an `export interface` line opened it.
  const open: { char: string; declaration: boolean }[] = [];
  let inDoc = false;
  return text
    .split('\n')
    .map((raw) => {
      const line = raw.trim();
      if (inDoc || line.startsWith('/*')) {
        inDoc = !line.includes('*/');
        return raw;
      }
      if (line === '') return raw;
      let closedDeclaration = false;
      for (const c of brackets(line, false)) {
        if (isOpener(c)) open.push({ char: c, declaration: /^export interface\b/.test(line) });
        else closedDeclaration = open.pop()?.declaration ?? false;
      }
      const opensBracket = /[{([]$/.test(line);
      const context = open[open.length - 1];
      const ends = !opensBracket && !/[,;|&=]$/.test(line) && (context === undefined ? !closedDeclaration && !/^export interface\b/.test(line) : context.char === '{');
      return ends ? `${raw};` : raw;
    })
    .join('\n');
}
