/**
 * Frontmatter parsing. gray-matter splits the file; the YAML itself is parsed with `yaml`
 * (YAML 1.2 core schema) so that every value keeps its position for diagnostics and dates
 * stay strings, as EventCatalog's zod schemas expect.
 */
import matter from 'gray-matter';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Frontmatter, LineLookup } from './types.js';

export type ParsedFrontmatter =
  | { readonly ok: true; readonly data: Frontmatter; readonly lineOf: LineLookup }
  | { readonly ok: false; readonly line: number | undefined; readonly problem: string };

// gray-matter only needs to find the block; parsing happens below with positions.
const SPLIT_ONLY = { engines: { yaml: { parse: () => ({}) } } };

export function parseFrontmatter(text: string): ParsedFrontmatter {
  let raw: string;
  try {
    // An empty options object would make gray-matter reuse its cache across different engines.
    raw = matter(text, SPLIT_ONLY as never).matter;
  } catch (error) {
    return { ok: false, line: undefined, problem: `the frontmatter block cannot be read (${(error as Error).message})` };
  }
  if (raw.trim() === '') {
    return { ok: false, line: 1, problem: 'the file has no frontmatter block' };
  }
  // The raw block starts right after the opening `---`, so its line numbers equal the file's.
  const counter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.pos ? counter.linePos(first.pos[0]).line : undefined;
    return { ok: false, line, problem: `the YAML is invalid: ${firstLine(first.message)}` };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, line: 2, problem: 'the frontmatter is not a mapping of keys to values' };
  }
  const lineOf: LineLookup = (path) => {
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
  };
  return { ok: true, data: data as Frontmatter, lineOf };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
