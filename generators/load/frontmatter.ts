/**
 * Frontmatter parsing. The block is cut out here, not by gray-matter: gray-matter looks up an
 * engine by the tag after the opening `---` and its defaults include one that evaluates
 * JavaScript. Here a block is YAML (no tag, `yaml`, `yml`) or JSON (`json`), parsed as data;
 * any other tag is refused without its text being looked at. YAML is read by js-yaml's
 * default (data-only) schema, as gray-matter did, and about four times faster than a
 * positional parse; positions for diagnostics come from a second, positional parse with
 * `yaml` — done only for files that have something to report.
 */
import { load as loadYaml } from 'js-yaml';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { failureKind, MAX_DEPTH, measure, parseFailure, tooDeepToParse } from './bounds.js';
import { lineIn } from './positions.js';
import type { Frontmatter, LineLookup } from './types.js';

export type ParsedFrontmatter =
  | { readonly ok: true; readonly data: Frontmatter; readonly lineOf: LineLookup }
  | {
      readonly ok: false;
      readonly line: number | undefined;
      readonly problem: string;
      readonly fix?: string;
      /** Set when the block parsed but exceeds a bound (bounds.ts), rather than being invalid. */
      readonly bound?: 'nesting-too-deep' | 'document-too-large';
    };

/** The block between the opening `---[tag]` line and the closing `---`, and the tag. */
interface Block {
  readonly tag: string;
  /** Starts with the newline that ends the opening line, so its line numbers equal the file's. */
  readonly text: string;
}

/** Cuts out the block as EventCatalog's reader (gray-matter) does: `---` first, closed by the next line starting `---`. */
export function frontmatterBlock(text: string): Block | undefined {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!source.startsWith('---') || source.charAt(3) === '-') return undefined;
  const afterOpen = source.slice(3);
  const eol = afterOpen.search(/\r?\n/);
  const tag = (eol === -1 ? afterOpen : afterOpen.slice(0, eol)).trim();
  const rest = eol === -1 ? '' : afterOpen.slice(eol);
  const close = rest.indexOf('\n---');
  return { tag, text: close === -1 ? rest : rest.slice(0, close) };
}

const YAML_TAGS = new Set(['', 'yaml', 'yml']);

export function parseFrontmatter(text: string): ParsedFrontmatter {
  const block = frontmatterBlock(text);
  if (!block || block.text.replace(/^\s*#[^\n]+/gm, '').trim() === '') {
    return { ok: false, line: 1, problem: 'the file has no frontmatter block' };
  }
  const tag = block.tag.toLowerCase();
  if (!YAML_TAGS.has(tag) && tag !== 'json') {
    return {
      ok: false,
      line: 1,
      problem: `the frontmatter is marked "${block.tag.slice(0, 40)}", and only YAML or JSON frontmatter is read (catwire never runs code from a catalog)`,
      fix: 'Open the block with a plain `---` line and write its keys as YAML',
    };
  }
  if (tooDeepToParse(block.text)) {
    return { ok: false, line: 2, problem: `it nests objects or arrays more than ${MAX_DEPTH} levels deep`, bound: 'nesting-too-deep' };
  }
  let data: unknown;
  try {
    data = tag === 'json' ? JSON.parse(block.text) : loadYaml(block.text);
  } catch (error) {
    const kind = failureKind(error);
    if (kind !== 'unparsable') return { ok: false, line: 2, problem: parseFailure(error), bound: kind };
    if (tag === 'json') return { ok: false, line: 2, problem: `the JSON is invalid: ${parseFailure(error)}` };
    // js-yaml refused the block; the positional parser says where and why.
    return locatedError(block.text);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, line: 2, problem: 'the frontmatter is not a mapping of keys to values' };
  }
  const measured = measure(data);
  if (!measured.ok) return { ok: false, line: 2, problem: measured.problem, bound: measured.kind };
  let positions: { doc: Document; counter: LineCounter } | undefined;
  const lineOf: LineLookup = (path) => {
    if (tag === 'json') return undefined;
    if (!positions) {
      const counter = new LineCounter();
      positions = { doc: parseDocument(block.text, { lineCounter: counter }), counter };
    }
    return lineIn(positions.doc, positions.counter, path);
  };
  return { ok: true, data: data as Frontmatter, lineOf };
}

function locatedError(raw: string): ParsedFrontmatter {
  const counter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  const line = first?.pos ? counter.linePos(first.pos[0]).line : undefined;
  const message = first ? firstLine(first.message) : 'the block cannot be read';
  const kind = failureKind(new Error(message));
  if (kind !== 'unparsable') return { ok: false, line, problem: parseFailure(new Error(message)), bound: kind };
  return { ok: false, line, problem: `the YAML is invalid: ${message}` };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
