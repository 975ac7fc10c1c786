/**
 * The one comparison between the files a run would write and what is on disk: used by
 * `catwire generate --check`, by the write path (to skip a no-op write) and by the golden test,
 * so CI and local runs cannot disagree.
 */
export interface TreeDiff {
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly orphaned: readonly string[];
  readonly unchanged: number;
}

export function compareTree(expected: readonly { readonly path: string; readonly content: string }[], actual: ReadonlyMap<string, string>): TreeDiff {
  const changed: string[] = [];
  const missing: string[] = [];
  const wanted = new Set<string>();
  let unchanged = 0;
  for (const file of expected) {
    wanted.add(file.path);
    const current = actual.get(file.path);
    if (current === undefined) missing.push(file.path);
    else if (current !== file.content) changed.push(file.path);
    else unchanged += 1;
  }
  const orphaned = [...actual.keys()].filter((p) => !wanted.has(p)).sort();
  return { changed, missing, orphaned, unchanged };
}

export function isCurrent(diff: TreeDiff): boolean {
  return diff.changed.length === 0 && diff.missing.length === 0 && diff.orphaned.length === 0;
}
