/**
 * `npm run bench [-- [--quick] [--json FILE] [section ...]]`
 * Runs benchmark sections and prints their figures; `--json FILE` writes ONE flat JSON object
 * whose keys are `<section>.<figure>`. A section is a module exporting a function
 * `(context) => Promise<Record<string, number>>`; add one by adding a line to `sections`.
 */
import { writeFileSync } from 'node:fs';

export interface BenchContext {
  /** Smaller sample sizes: each section stays under a minute. */
  readonly quick: boolean;
  log(line: string): void;
}

export type BenchSection = (context: BenchContext) => Promise<Record<string, number>>;

const sections: Record<string, () => Promise<BenchSection>> = {
  codegen: async () => (await import('./codegen.js')).codegenBench,
  check: async () => (await import('./check.js')).checkBench,
  runtime: async () => (await import('./runtime.js')).runtimeBench,
  saga: async () => (await import('./saga.js')).sagaBench,
};

function parseArgs(argv: readonly string[]): { quick: boolean; json: string | undefined; only: string[] } {
  let quick = false;
  let json: string | undefined;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = argv[++i];
    else if (arg.startsWith('--json=')) json = arg.slice('--json='.length);
    else if (arg in sections) only.push(arg);
    else throw new Error(`unknown argument "${arg}"; usage: bench [--quick] [--json FILE] [${Object.keys(sections).join('|')} ...]`);
  }
  if (json === '') throw new Error('--json needs a file name');
  return { quick, json, only };
}

async function main(): Promise<void> {
  const { quick, json, only } = parseArgs(process.argv.slice(2));
  const context: BenchContext = { quick, log: (line) => process.stdout.write(`${line}\n`) };
  const results: Record<string, number> = {};
  for (const name of only.length > 0 ? only : Object.keys(sections)) {
    const load = sections[name] as () => Promise<BenchSection>;
    context.log(`\n== ${name}${quick ? ' (quick)' : ''} ==`);
    const figures = await (await load())(context);
    for (const [key, value] of Object.entries(figures)) results[`${name}.${key}`] = value;
  }
  context.log('');
  for (const [key, value] of Object.entries(results)) context.log(`${key.padEnd(36)} ${value}`);
  if (json) {
    writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
    context.log(`\nwrote ${json}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
