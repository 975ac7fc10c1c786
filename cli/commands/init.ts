/**
 * `catwire init`: starts catwire in an empty or existing npm project. Writes catwire.config.json
 * and, when the project has no catalog yet, a small example catalog; then prints what the
 * project itself needs (package.json, tsconfig.json, a vitest config), because those files are
 * the user's and catwire does not edit them. It never overwrites a file that exists.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, DEFAULT_RUNTIME } from '../config.js';
import { EXAMPLE_CATALOG } from '../example-catalog.js';
import { UsageError, type Io } from '../io.js';
import { relativePosix } from '../paths.js';
import { INSTALL_COMMANDS, TSCONFIG, VITEST_CONFIG } from '../project-setup.js';

export interface InitOptions {
  /** Catalog folder to use; created with the example when it does not exist. */
  readonly catalog?: string | undefined;
}

export function init(options: InitOptions, io: Io): number {
  const catalogRel = relativePosix(io.cwd, path.resolve(io.cwd, options.catalog ?? 'catalog'));
  const catalog = path.resolve(io.cwd, catalogRel);
  const lines: string[] = [];

  if (existsSync(catalog) && !statSync(catalog).isDirectory()) throw new UsageError(`"${catalogRel}" is a file, not a catalog folder; pass --catalog <dir>`);
  if (existsSync(catalog) && readdirSync(catalog).length > 0) {
    lines.push(`using the catalog in ${catalogRel}/ (left as it is)`);
  } else {
    const written = Object.entries(EXAMPLE_CATALOG).filter(([file, content]) => writeNew(path.join(catalog, file), content));
    lines.push(`wrote an example catalog to ${catalogRel}/ (${written.length} files): Orders Service publishes OrderPlaced, Shipping Service receives it`);
  }

  const config = { catalog: catalogRel, out: 'generated', handlers: 'handlers', runtime: DEFAULT_RUNTIME };
  lines.push(
    writeNew(path.join(io.cwd, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`)
      ? `wrote ${CONFIG_FILE}`
      : `kept ${CONFIG_FILE} (it exists; init never overwrites a file)`,
  );

  const hasTsconfig = existsSync(path.join(io.cwd, 'tsconfig.json'));
  io.out(
    [
      ...lines,
      '',
      'Next, in this folder:',
      '',
      '1. Add catwire and what generated code needs to package.json:',
      ...INSTALL_COMMANDS.map((c) => `     ${c}`),
      '',
      `2. ${hasTsconfig ? 'Make sure tsconfig.json has these compiler options (generated code is ESM with NodeNext resolution):' : 'Create tsconfig.json:'}`,
      indent(TSCONFIG),
      '3. Create vitest.config.ts (it runs the contract tests, never compiled copies in dist/):',
      indent(VITEST_CONFIG),
      '4. Generate, then implement the handler stubs catwire writes into handlers/:',
      '     npx catwire generate',
      '',
      '5. Run the contract tests (in memory; CATWIRE_TRANSPORT=rabbitmq AMQP_URL=amqp://… for RabbitMQ):',
      '     npx vitest run',
      '',
    ].join('\n'),
  );
  return 0;
}

/** Writes a file only when none exists (exclusive create); false when one did. */
function writeNew(file: string, content: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l === '' ? '' : `     ${l}`)).join('\n');
}
