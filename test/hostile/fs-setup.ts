/** File-system set-up for hostile cases: what a FileMap cannot say (links, FIFOs, files outside the catalog). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `text` at `abs`, making its folder. */
export function put(abs: string, text: string): void {
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

/** A symbolic link at `at` (its folder made) to `target`, which may be relative to the link's folder. */
export function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

/** A FIFO at `at`: opening it for reading blocks until a writer comes, which never does. */
export function fifo(at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  execFileSync('mkfifo', [at]);
}
