/**
 * Where things are: the catalog, the generated code, the handler stubs and how generated code
 * imports the runtime. Read once from flags, then `catwire.config.json`, then defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmitOptions } from '../generators/emit/files.js';
import { relativePosix } from './paths.js';
import { catalogDir } from './catalog-dir.js';
import { isInside } from '../generators/load/confine.js';
import { escapeThroughLink, repositoryRoot } from './project-bounds.js';
import { UsageError } from './io.js';
import { resolveHandlerDeps, type ResolvedHandlerDeps } from './handler-deps.js';

export interface ProjectConfig {
  /** Absolute catalog folder. */
  readonly catalog: string;
  /** Absolute folder of tool-owned generated code. */
  readonly out: string;
  /** Absolute folder of user-owned handler stubs. */
  readonly handlers: string;
  /** Package specifier, or a path relative to the project root starting with `.`. */
  readonly runtime: string;
  readonly root: string;
  /** The `check` section (the gate's policy), validated by the check command. */
  readonly check: unknown;
  /** The `deps` section (each service's handler dependencies type), checked by handler-deps.ts. */
  readonly deps: unknown;
  /** The config file's text ('' without one), for the line numbers of its diagnostics. */
  readonly configText: string;
  /** Whether the handlers folder was chosen (flag or config file) rather than defaulted. */
  readonly handlersChosen: boolean;
}

export interface ConfigFlags {
  readonly catalog?: string | undefined;
  readonly out?: string | undefined;
  readonly handlers?: string | undefined;
  readonly runtime?: string | undefined;
}

export const CONFIG_FILE = 'catwire.config.json';
/** The runtime package users install beside generated code (the `catwire` package re-exports it as `catwire/runtime`). */
export const DEFAULT_RUNTIME = '@catwire/runtime';
const KEYS = ['catalog', 'out', 'handlers', 'runtime'] as const;

export function resolveConfig(flags: ConfigFlags, cwd: string): ProjectConfig {
  const file = path.join(cwd, CONFIG_FILE);
  let fromFile: Record<string, unknown> = {};
  let configText = '';
  if (existsSync(file)) {
    try {
      configText = readFileSync(file, 'utf8');
      fromFile = JSON.parse(configText) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${CONFIG_FILE} is not valid JSON (${(error as Error).message}); fix it or remove it`);
    }
    for (const [key, value] of Object.entries(fromFile)) {
      if (key === 'check' || key === 'deps') continue;
      if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`${CONFIG_FILE}: unknown key "${key}"; the keys are ${KEYS.join(', ')}, check, deps`);
      if (typeof value !== 'string') throw new UsageError(`${CONFIG_FILE}: "${key}" must be a string path`);
    }
  }
  const pick = (key: (typeof KEYS)[number]) => flags[key] ?? (fromFile[key] as string | undefined);
  const repository = repositoryRoot(cwd);
  /**
   * A folder, held to project-bounds.ts's rules: inside the repository unless a flag named it, and
   * not leading out of it through a link (which catalogDir has already checked for the catalog).
   */
  const folder = (key: 'catalog' | 'out' | 'handlers', abs: string): string => {
    const named = flags[key] !== undefined ? `--${key} ${flags[key]}` : fromFile[key] !== undefined ? `${CONFIG_FILE}: "${key}"` : `the ${key} folder`;
    if (flags[key] === undefined && !isInside(repository, abs)) {
      throw new UsageError(
        `${named} is ${abs}, outside the repository (${repository}); the config file comes with pull requests, so its folders stay inside. Name a folder in the repository, or pass --${key} on the command line`,
      );
    }
    const real = key === 'catalog' ? undefined : escapeThroughLink(repository, abs);
    if (real !== undefined) {
      throw new UsageError(
        `${named} (${relativePosix(repository, abs)}) leads out of the repository through a symbolic link, to ${real}; catwire reads and writes nothing through such a link, since a pull request can commit one. Replace the link with the folder itself, or pass --${key} ${real}`,
      );
    }
    return abs;
  };
  return {
    root: cwd,
    catalog: folder('catalog', catalogDir(pick('catalog'), cwd)),
    out: folder('out', path.resolve(cwd, pick('out') ?? 'generated')),
    handlers: folder('handlers', path.resolve(cwd, pick('handlers') ?? 'handlers')),
    runtime: pick('runtime') ?? DEFAULT_RUNTIME,
    check: fromFile.check,
    deps: fromFile.deps,
    configText,
    handlersChosen: pick('handlers') !== undefined,
  };
}

/**
 * An output folder outside the project makes every handler stub's managed imports point out of
 * the project. That is only done when the handlers folder was chosen too, never by default.
 */
export function outsideProjectProblem(config: ProjectConfig): string | undefined {
  const rel = path.relative(config.root, config.out);
  const outside = rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  if (!outside || config.handlersChosen) return undefined;
  return (
    `the output folder ${config.out} is outside this project (${config.root}): the handler stubs in ` +
    `${relativePosix(config.root, config.handlers)}/ would import generated code from there. ` +
    `Pass --handlers <dir> too if that is what you want, or run catwire in the project that holds both`
  );
}

/** The runtime specifier as the emitters want it: relative to the output folder when it is a path. */
export function runtimeFromOut(config: ProjectConfig): string {
  if (!config.runtime.startsWith('.')) return config.runtime;
  const rel = path.relative(config.out, path.resolve(config.root, config.runtime)).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const checkedDeps = new WeakMap<ProjectConfig, ResolvedHandlerDeps>();

/** The `deps` section, checked once per resolved config (the checks read the file system). */
export function handlerDepsOf(config: ProjectConfig): ResolvedHandlerDeps {
  let resolved = checkedDeps.get(config);
  if (!resolved) checkedDeps.set(config, (resolved = resolveHandlerDeps(config.deps, config.configText, config.root, config.out, CONFIG_FILE)));
  return resolved;
}

/** What the emitters need to know of the project: the runtime specifier, where its folders are, and the handlers' deps types. */
export function emitOptionsOf(config: ProjectConfig): Pick<EmitOptions, 'runtime' | 'layout' | 'deps'> {
  const rel = (p: string) => relativePosix(config.root, p);
  return {
    runtime: runtimeFromOut(config),
    layout: { out: rel(config.out), handlers: rel(config.handlers), catalog: rel(config.catalog) },
    deps: handlerDepsOf(config).deps,
  };
}
