/**
 * Frontmatter parsing. gray-matter parses the block with its js-yaml engine (the same YAML
 * reading EventCatalog's own tools use, and about four times faster than a positional parse);
 * positions for diagnostics come from a second, positional parse with `yaml` — done only for
 * files that have something to report.
 */
import matter from 'gray-matter';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Frontmatter, LineLookup } from './types.js';

export type ParsedFrontmatter =
  | { readonly ok: true; readonly data: Frontmatter; readonly lineOf: LineLookup }
  | { readonly ok: false; readonly line: number | undefined; readonly problem: string };

export function parseFrontmatter(text: string): ParsedFrontmatter {
  let file: { data: unknown; matter: string };
  try {
    // Passing options (even empty ones) keeps gray-matter from caching every file's text.
    file = matter(text, {});
  } catch {
    // js-yaml refused the block; the positional parser says where and why.
    return locatedError(rawBlock(text));
  }
  if (file.matter.trim() === '') return { ok: false, line: 1, problem: 'the file has no frontmatter block' };
  const data = file.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, line: 2, problem: 'the frontmatter is not a mapping of keys to values' };
  }
  // Only the block is kept for positions: gray-matter's result also holds the text and a Buffer copy of it.
  const block = file.matter;
  let positions: { doc: Document; counter: LineCounter } | undefined;
  const lineOf: LineLookup = (path) => {
    if (!positions) {
      // The raw block starts right after the opening `---`, so its line numbers equal the file's.
      const counter = new LineCounter();
      positions = { doc: parseDocument(block, { lineCounter: counter }), counter };
    }
    return lineIn(positions.doc, positions.counter, path);
  };
  return { ok: true, data: data as Frontmatter, lineOf };
}

function rawBlock(text: string): string {
  try {
    return matter(text, { engines: { yaml: { parse: () => ({}) } } } as never).matter;
  } catch {
    return text;
  }
}

function locatedError(raw: string): ParsedFrontmatter {
  const counter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  const line = first?.pos ? counter.linePos(first.pos[0]).line : undefined;
  const message = first ? firstLine(first.message) : 'the block cannot be read';
  return { ok: false, line, problem: `the YAML is invalid: ${message}` };
}

function lineIn(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      last = (pair?.key as Node | undefined) ?? last;
      node = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      last = (node as Node | undefined) ?? last;
    } else {
      break;
    }
    if (node === undefined) break;
  }
  const offset = last?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
