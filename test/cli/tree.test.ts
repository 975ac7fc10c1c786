/**
 * The output folder is replaced as a whole: staged beside it, swapped in by renames. A failed
 * or abandoned run must leave the old folder exactly as it was and no staging folder behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTree, replaceTree, stageFiles, stageNewFolder, stageTree } from '../../cli/tree.js';

describe('replacing the output tree', () => {
  let root: string;
  let out: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'catwire-tree-'));
    out = path.join(root, 'generated');
    replaceTree(out, [
      { path: 'a.ts', content: 'old a' },
      { path: 'old/b.ts', content: 'old b' },
    ]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const snapshot = () => Object.fromEntries(readTree(out));

  it('swaps in the new tree whole: new files there, files of the old one gone, nothing staged left', () => {
    replaceTree(out, [
      { path: 'a.ts', content: 'new a' },
      { path: 'x/y/c.ts', content: 'c' },
    ]);
    expect(snapshot()).toEqual({ 'a.ts': 'new a', 'x/y/c.ts': 'c' });
    expect(readdirSync(root)).toEqual(['generated']);
  });

  it('leaves the old tree as it was when a write fails', () => {
    // "a.ts" as a file and as a folder cannot both be written.
    expect(() => replaceTree(out, [{ path: 'a.ts', content: 'x' }, { path: 'a.ts/inner.ts', content: 'y' }])).toThrow();
    expect(snapshot()).toEqual({ 'a.ts': 'old a', 'old/b.ts': 'old b' });
    expect(readdirSync(root)).toEqual(['generated']);
  });

  it('shows staged files only on commit, and a discarded stage changes nothing', () => {
    const staged = stageTree(out);
    staged.write({ path: 'deep/er/d.ts', content: 'd' });
    expect(snapshot()).toEqual({ 'a.ts': 'old a', 'old/b.ts': 'old b' });
    staged.discard();
    expect(snapshot()).toEqual({ 'a.ts': 'old a', 'old/b.ts': 'old b' });
    expect(readdirSync(root)).toEqual(['generated']);

    const next = stageTree(out);
    next.write({ path: 'deep/er/d.ts', content: 'd' });
    next.commit();
    expect(snapshot()).toEqual({ 'deep/er/d.ts': 'd' });
  });

  it('creates the folder when there was none', () => {
    const fresh = path.join(root, 'fresh');
    const staged = stageTree(fresh);
    staged.write({ path: 'f.ts', content: 'f' });
    staged.commit();
    expect(readTree(fresh)).toEqual(new Map([['f.ts', 'f']]));
  });

  it('stages single files beside their place: nothing visible until commit, nothing left on discard', () => {
    const files = [
      { path: 'handlers/a.ts', content: 'a' },
      { path: 'handlers/deep/b.ts', content: 'b' },
    ];
    const discarded = stageFiles(root, files);
    expect(files.map((f) => existsSync(path.join(root, f.path)))).toEqual([false, false]);
    discarded.discard();
    expect(readTree(path.join(root, 'handlers'))).toEqual(new Map());

    stageFiles(root, files).commit();
    expect(Object.fromEntries(readTree(path.join(root, 'handlers')))).toEqual({ 'a.ts': 'a', 'deep/b.ts': 'b' });
  });

  it('stages a folder that does not exist yet beside its place and renames it in whole', () => {
    const handlers = path.join(root, 'handlers');
    const files = [
      { path: 'a.ts', content: 'a' },
      { path: 'deep/b.ts', content: 'b' },
    ];
    stageNewFolder(handlers, files).discard();
    expect(readdirSync(root)).toEqual(['generated']);

    const staged = stageNewFolder(handlers, files);
    expect(existsSync(handlers)).toBe(false);
    staged.commit();
    expect(Object.fromEntries(readTree(handlers))).toEqual({ 'a.ts': 'a', 'deep/b.ts': 'b' });
    expect(readdirSync(root).sort()).toEqual(['generated', 'handlers']);
  });

  it('moves the staged files into the folder when it appeared meanwhile, keeping what is there', () => {
    const handlers = path.join(root, 'handlers');
    const staged = stageNewFolder(handlers, [{ path: 'deep/b.ts', content: 'b' }]);
    mkdirSync(handlers);
    writeFileSync(path.join(handlers, 'mine.ts'), 'mine');
    staged.commit();
    expect(Object.fromEntries(readTree(handlers))).toEqual({ 'deep/b.ts': 'b', 'mine.ts': 'mine' });
    expect(readdirSync(root).sort()).toEqual(['generated', 'handlers']);
  });
});
