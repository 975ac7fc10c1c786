/**
 * Bounds on what a parsed document may expand to. A few hundred bytes of YAML can alias their
 * way to billions of values (js-yaml shares aliased objects, so the parse is cheap and every
 * later walk is not), and a document nested thousands deep overflows any recursive reader
 * downstream. Every parsed frontmatter block, schema, spec and example is measured here, with
 * an explicit stack, before anything else walks it.
 */
import { parse as parseYaml } from 'yaml';

/** Containers nested deeper than this are refused; real schemas and specs stay below 40. */
export const MAX_DEPTH = 128;

/** Values a document may hold once aliases are expanded; a 4 MB JSON file holds about a million at most. */
export const MAX_VALUES = 1_000_000;

export type Measured =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'nesting-too-deep' | 'document-too-large'; readonly problem: string };

/** Counts values as a recursive walk would see them (shared objects once per place). */
export function measure(value: unknown): Measured {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number };
    count += 1;
    if (count > MAX_VALUES) {
      return { ok: false, kind: 'document-too-large', problem: `it expands to more than ${MAX_VALUES.toLocaleString('en-US')} values (YAML aliases count once per use)` };
    }
    const v = next.value;
    if (v === null || typeof v !== 'object') continue;
    if (next.depth >= MAX_DEPTH) {
      return { ok: false, kind: 'nesting-too-deep', problem: `it nests objects or arrays more than ${MAX_DEPTH} levels deep` };
    }
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
  }
  return { ok: true };
}

/** What a parser's failure means: too deep for its stack, too many aliases (`yaml`'s own bound), or not parsable. */
export function failureKind(error: unknown): 'unparsable' | 'nesting-too-deep' | 'document-too-large' {
  // Some parsers wrap their stack overflow in an error of their own, keeping the engine's words.
  if (error instanceof RangeError || /maximum call stack/i.test((error as Error | undefined)?.message ?? '')) return 'nesting-too-deep';
  return /excessive alias count/i.test((error as Error | undefined)?.message ?? '') ? 'document-too-large' : 'unparsable';
}

/**
 * A parser's own failure on hostile input, as a sentence: a recursive parser that runs out of
 * stack says so in words, never with the engine's error name.
 */
export function parseFailure(error: unknown): string {
  if (failureKind(error) === 'nesting-too-deep') return `it nests deeper than can be read (the limit is ${MAX_DEPTH} levels)`;
  if (failureKind(error) === 'document-too-large') return 'it expands to more values than are read (its YAML aliases are past the limit)';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || 'unreadable';
}

/**
 * Flow nesting past this is refused before parsing: the parsers recurse per level, and a stack
 * overflow inside one is not always a clean exception (V8 may fail later, elsewhere). Four
 * times MAX_DEPTH leaves room for brackets in YAML plain text that do not nest anything.
 */
const PARSER_DEPTH = 4 * MAX_DEPTH;

/** True when `text` nests too deep to hand to a parser at all (see PARSER_DEPTH). */
export function tooDeepToParse(text: string): boolean {
  return bracketDepth(text) > PARSER_DEPTH;
}

/** The deepest nesting of `[`/`{` outside double- and single-quoted strings: a linear scan, no parse. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // An apostrophe inside a YAML plain word (`it's`) opens nothing.
      if (c === '"' || !/\w/.test(text[i - 1] ?? '')) quote = c;
    } else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return deepest;
}

export type DataParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'unparsable' | 'nesting-too-deep' | 'document-too-large'; readonly problem: string };

/** JSON or YAML text as data, measured: what every schema, spec and example goes through. */
export function parseData(text: string, format: 'json' | 'yaml'): DataParse {
  if (tooDeepToParse(text)) {
    return { ok: false, kind: 'nesting-too-deep', problem: `it nests objects or arrays more than ${MAX_DEPTH} levels deep` };
  }
  let value: unknown;
  try {
    // `yaml` refuses alias expansion beyond its own bound (maxAliasCount) while parsing.
    value = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { ok: false, kind: failureKind(error), problem: parseFailure(error) };
  }
  const measured = measure(value);
  return measured.ok ? { ok: true, value } : measured;
}
