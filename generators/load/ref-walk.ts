/**
 * Following the `$ref`s of a schema or spec document through every file they reach, checking
 * each target against the confinement rule before any parser or bundler opens it. The parsers'
 * own resolvers are confined too (specs.ts, schemas.ts); this walk is what names the file, the
 * field and the reference in the diagnostic, including refs made inside nested files.
 */
import path from 'node:path';
import { parseData } from './bounds.js';
import { confine, readConfined, refTarget, type Refusal } from './confine.js';
import { toPosix } from './files.js';
import { lineOfPath } from './positions.js';

export interface RefusedRef {
  /** The file that holds the `$ref`, relative to the root. */
  readonly file: string;
  /** Where in that file, e.g. `properties.card.$ref`, and its line when known. */
  readonly field: string;
  readonly line: number | undefined;
  readonly ref: string;
  /** `remote`: a URL, never fetched; the bounds: a file reached that parses beyond them (bounds.ts). */
  readonly refusal: Exclude<Refusal, 'missing'> | 'remote' | 'nesting-too-deep' | 'document-too-large';
  readonly problem: string;
}

/** Every file `$ref` reachable from `content` (the parsed file `abs`) that may not be read. */
export function refusedRefs(root: string, abs: string, text: string, content: unknown): RefusedRef[] {
  const refused: RefusedRef[] = [];
  const seen = new Set<string>([abs]);
  const queue: { abs: string; text: string; content: unknown }[] = [{ abs, text, content }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const from = next;
    for (const { ref, at: where } of fileRefsIn(next.content)) {
      const target = refTarget(from.abs, ref);
      // Positions cost a parse of the file: only for a reference that is refused.
      const at = () => ({ file: toPosix(path.relative(root, from.abs)), field: where.join('.'), line: lineOfPath(from.text, where), ref });
      if (target.kind === 'remote') refused.push({ ...at(), refusal: 'remote', problem: 'is remote and is not fetched' });
      if (target.kind !== 'file' || seen.has(target.abs)) continue;
      seen.add(target.abs);
      const checked = confine(root, target.abs);
      if (!checked.ok) {
        if (checked.refusal === 'missing') continue; // the resolver reports a missing file in its own words
        refused.push({ ...at(), refusal: checked.refusal, problem: checked.problem });
        continue;
      }
      const read = readConfined(root, target.abs);
      if (!read.ok) continue;
      // As the resolvers do: YAML reads JSON too, so a misnamed file is still walked.
      const text = read.bytes.toString('utf8');
      const parsed = /\.json$/i.test(target.abs) ? parseData(text, 'json') : undefined;
      const content = parsed && (parsed.ok || parsed.kind !== 'unparsable') ? parsed : parseData(text, 'yaml');
      if (content.ok) queue.push({ abs: target.abs, text, content: content.value });
      // A file too deep or too large for the walk is too much for the bundler and everything after it.
      else if (content.kind !== 'unparsable') refused.push({ ...at(), refusal: content.kind, problem: `reaches a file that ${content.problem.replace(/^it /, '')}` });
    }
  }
  return refused;
}

type Path = readonly (string | number)[];

/** `$ref` strings that are not local pointers, with where they are (an explicit stack: documents may be deep). */
function fileRefsIn(content: unknown): { ref: string; at: Path }[] {
  const found: { ref: string; at: Path }[] = [];
  const stack: { value: unknown; at: Path }[] = [{ value: content, at: [] }];
  while (stack.length > 0) {
    const { value, at } = stack.pop() as { value: unknown; at: Path };
    if (value === null || typeof value !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) found.push({ ref: child, at: [...at, key] });
      else stack.push({ value: child, at: [...at, key] });
    }
  }
  return found.reverse();
}
