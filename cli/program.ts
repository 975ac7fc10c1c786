/**
 * The command line: argument parsing and dispatch. Commands return an exit code; only bin.ts
 * touches `process`. Exit codes: 0 success, 1 problems found in the input, 2 usage or
 * internal error.
 */
import { Command, CommanderError, Option } from 'commander';
import type { CheckOptions } from './commands/check.js';
import type { GenerateOptions } from './commands/generate.js';
import { UsageError, type Io } from './io.js';
import { catwireVersion } from './version.js';

// Each command's modules load when it runs: a command does not pay for the others' start-up.
const commands = {
  check: () => import('./commands/check.js'),
  generate: () => import('./commands/generate.js'),
  init: () => import('./commands/init.js'),
  inspect: () => import('./commands/inspect.js'),
  validate: () => import('./commands/validate.js'),
};

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command('catwire')
    .description('Typed, contract-checked RabbitMQ services from an EventCatalog catalog')
    .version(catwireVersion(), '-V, --version', 'print the version of catwire')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run catwire --help for usage)');
  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

  program
    .command('init')
    .description('start catwire in this npm project: catwire.config.json and an example catalog (never overwrites a file)')
    .option('--catalog <dir>', 'catalog folder to use; the example is written there when it is missing or empty (default: catalog)')
    .action(async (opts: { catalog?: string }) => {
      code = (await commands.init()).init(opts, io);
    });

  program
    .command('validate')
    .description('report every problem in the catalog (exit 1 on errors)')
    .argument('[dir]', 'catalog folder (default: ./catalog if present, else .)')
    .addOption(format())
    .option('--lint-specs', 'also run the full AsyncAPI ruleset on attached specs (slower)', false)
    .action(async (dir: string | undefined, opts: { format: 'text' | 'json'; lintSpecs: boolean }) => {
      code = await (await commands.validate()).validate(dir, opts, io);
    });

  program
    .command('inspect')
    .description("show each service's resolved sends and receives")
    .argument('[dir]', 'catalog folder (default: ./catalog if present, else .)')
    .addOption(format())
    .action(async (dir: string | undefined, opts: { format: 'text' | 'json' }) => {
      code = await (await commands.inspect()).inspect(dir, opts, io);
    });

  program
    .command('generate')
    .description('generate types, contracts, producers, consumers and topology; create or merge handler stubs')
    .option('--catalog <dir>', 'catalog folder (default: ./catalog if present, else .)')
    .option('--out <dir>', 'folder of generated code, replaced on every run (default: generated)')
    .option('--handlers <dir>', 'folder of your handler stubs, never overwritten (default: handlers)')
    .option('--runtime <specifier>', 'how generated code imports the runtime (default: @catwire/runtime)')
    .option('--check', 'write nothing; exit 1 and list every stale file when the output is not current', false)
    .option('--partial', 'generate for the services whose messages resolve even when the catalog has errors', false)
    .option('--no-cache', 'always run in full, even when nothing changed since the last run (its record is in $XDG_CACHE_HOME/catwire, else ~/.cache/catwire)')
    .option('--watch', 'regenerate on every change under the catalog, reporting problems without exiting, until Ctrl-C', false)
    .action(async (opts: GenerateOptions) => {
      code = await (await commands.generate()).generate(opts, io);
    });

  program
    .command('check')
    .description('the pull-request gate: catalog, spec drift, code drift and (with --base) breaking changes; exit 1 on violations')
    .option('--catalog <dir>', 'catalog folder (default: ./catalog if present, else .)')
    .option('--out <dir>', 'folder of generated code to check (default: generated; skipped when absent)')
    .option('--handlers <dir>', 'folder of handler stubs (default: handlers)')
    .option('--runtime <specifier>', 'how generated code imports the runtime (default: @catwire/runtime)')
    .option('--base <git-ref>', 'compare message schemas with the catalog at this git ref')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit', 'markdown']).default('text'))
    .action(async (opts: CheckOptions) => {
      code = await (await commands.check()).check(opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.err(`catwire: ${error.message}\n`);
      return 2;
    }
    io.err(`catwire: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
