/** Line numbers of values in YAML (or JSON) text, by their path, for diagnostics. */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** The line of the value at `path` in `text`; a positional parse, so only for files that have something to report. */
export function lineOfPath(text: string, path: readonly (string | number)[]): number | undefined {
  const counter = new LineCounter();
  try {
    return lineIn(parseDocument(text, { lineCounter: counter }), counter, path);
  } catch {
    return undefined;
  }
}

export function lineIn(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
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

