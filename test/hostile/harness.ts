/**
 * The hostile-catalog corpus: catalogs made to attack catwire (run code, read outside the
 * catalog, inject TypeScript, hang, crash). Each test file under test/hostile/ holds the cases
 * of one class and hands them to `hostileSuite`, which runs `validate`, `generate` and `check`
 * on each in a child process of the built CLI with a wall-clock budget, and asserts what must
 * never happen, whatever else the case expects: exit 2, a stack trace or internal error, a
 * leftover staging folder, the marker file written by code that must not run, or a run past
 * the budget. The slowest case of each file is printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mdx, type FileMap } from '../helpers/catalog-fixture.js';
import { REPO } from '../helpers/run-cli.js';

export type Command = 'validate' | 'generate' | 'check';

export interface HostileCase {
  readonly name: string;
  /** The catalog's files (see catalog-fixture: objects become frontmatter or JSON). */
  readonly files: FileMap;
  /** Runs after the files are written: symlinks, FIFOs, files outside the catalog. `project` holds `catalog/`. */
  readonly setup?: (paths: { readonly project: string; readonly catalog: string; readonly marker: string }) => void;
  /** Commands to run, in order; all three by default. */
  readonly commands?: readonly Command[];
  /** Exit code each command must give (0 or 1); unset: 0 or 1 both accepted. */
  readonly exit?: 0 | 1;
  /** Diagnostic codes that must appear in the output of every command run (e.g. 'CW023'). */
  readonly codes?: readonly string[];
  /** Texts that must appear in the output of every command run. */
  readonly says?: readonly string[];
  /** Extra assertions on the finished project (generated files, say). */
  readonly verify?: (result: CaseResult) => void | Promise<void>;
}

export interface CommandResult {
  readonly command: Command;
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

export interface CaseResult {
  readonly project: string;
  readonly marker: string;
  readonly runs: readonly CommandResult[];
}

/** Every case must end within this, whatever it holds (the bound is 30 s). */
export const CASE_BUDGET_MS = 30_000;

/** Text that a stack trace or an unexpected exception leaves in catwire's output. */
const CRASH = /\n\s+at .+:\d+:\d+|internal error|TypeError|RangeError|Maximum call stack/;

export function hostileSuite(title: string, cases: readonly HostileCase[]): void {
  const timings: { name: string; ms: number }[] = [];
  describe(title, () => {
    afterAll(() => {
      const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
      if (slowest) console.log(`hostile corpus (${title}): ${timings.length} cases, slowest ${slowest.name} in ${slowest.ms} ms`);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const result = await runCase(c);
        timings.push({ name: c.name, ms: result.runs.reduce((sum, r) => sum + r.ms, 0) });
        try {
          assertCase(c, result);
          await c.verify?.(result);
        } finally {
          rmSync(result.project, { recursive: true, force: true });
        }
      }, CASE_BUDGET_MS + 15_000);
    }
  });
}

function assertCase(c: HostileCase, result: CaseResult): void {
  const commands = c.commands ?? ['validate', 'generate', 'check'];
  expect(result.runs.map((r) => r.command), 'every command finished within the budget').toEqual(commands);
  for (const run of result.runs) {
    const text = `${run.out}${run.err}`;
    expect(run.code, `${run.command} exit code; output:\n${text}`).not.toBe(2);
    if (c.exit !== undefined) expect(run.code, `${run.command} exit code; output:\n${text}`).toBe(c.exit);
    expect(text, `${run.command} printed a stack trace or internal error`).not.toMatch(CRASH);
    for (const code of c.codes ?? []) expect(text, `${run.command} reports ${code}`).toContain(code);
    for (const says of c.says ?? []) expect(text, `${run.command} says it`).toContain(says);
  }
  expect(existsSync(result.marker), 'code from the catalog ran (the marker file exists)').toBe(false);
  const leftovers = readdirSync(result.project).filter((name) => name.includes('.catwire-new-'));
  expect(leftovers, 'staging folders left behind').toEqual([]);
}

export async function runCase(c: HostileCase): Promise<CaseResult> {
  const project = mkdtempSync(path.join(tmpdir(), 'catwire-hostile-'));
  const catalog = path.join(project, 'catalog');
  const marker = path.join(project, 'MARKER-code-ran');
  mkdirSync(catalog);
  for (const [file, content] of Object.entries(c.files)) {
    const abs = path.join(catalog, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    const text =
      typeof content === 'string' ? content : file.endsWith('.mdx') || file.endsWith('.md') ? mdx(content) : JSON.stringify(content, null, 2);
    writeFileSync(abs, text.replaceAll('@@MARKER@@', marker));
  }
  c.setup?.({ project, catalog, marker });
  const runs = await runCommands(project, c.commands ?? ['validate', 'generate', 'check'], marker);
  return { project, marker, runs };
}

function runCommands(project: string, commands: readonly Command[], marker: string): Promise<CommandResult[]> {
  return new Promise((resolve) => {
    const runs: CommandResult[] = [];
    const child = spawn(process.execPath, [path.join(REPO, 'test/hostile/driver.mjs'), project, ...commands], {
      cwd: project,
      // A secret in the environment, as in CI: nothing the catalog holds may read or print it.
      env: { ...process.env, CATWIRE_HOSTILE_SECRET: 'hostile-secret-value', CATWIRE_HOSTILE_MARKER: marker },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        runs.push(JSON.parse(buffered.slice(0, nl)) as CommandResult);
        buffered = buffered.slice(nl + 1);
      }
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CASE_BUDGET_MS);
    child.on('close', () => {
      clearTimeout(timer);
      // A crash of the driver itself (an exception catwire let escape) shows as a failed run.
      if (stderr.trim() !== '' && runs.length < commands.length) {
        runs.push({ command: commands[runs.length]!, code: 2, out: '', err: stderr, ms: 0 });
      }
      resolve(runs);
    });
  });
}
