import path from 'node:path';
import type { SchemaAttachment } from '../model/types.js';
import type { DeclarationRunner } from './type-pool.js';

/** What every emitter returns: files relative to the output folder, text content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface EmitOptions {
  /**
   * How generated code imports the runtime: a package specifier (`@catwire/runtime`) or a path
   * relative to the output folder (`../runtime/index.js`).
   */
  readonly runtime: string;
  /**
   * Where the project's folders are, relative to the project root (POSIX separators): the
   * contract tests import the handlers and name files in their failure messages.
   */
  readonly layout: ProjectLayout;
  /** Tool-owned files from the previous run, to skip work whose input did not change. */
  readonly previous?: ReadonlyMap<string, string>;
  /** A worker pool the caller started early (startDeclarationPool) and closes; used for large catalogs. */
  readonly pool?: DeclarationRunner | undefined;
  /** Called with each file as soon as it is ready, in no particular order (the result is sorted). */
  readonly onFile?: ((file: GeneratedFile) => void) | undefined;
  /** The type of each service's `ctx.deps` (catwire.config.json `deps`); none: handlers get no deps. */
  readonly deps?: HandlerDeps | undefined;
  /**
   * Casters catwire could derive that the handlers folder holds a written file for (modules,
   * `casters/<name>`: writtenCasters in generators/check/versions.ts). The user's caster wins:
   * the contract imports it and no generated one is emitted.
   */
  readonly userCasters?: ReadonlySet<string> | undefined;
}

/** A type the generated code imports (type-only) from the user's project. */
export interface DepsTypeRef {
  /** Import specifier relative to the output folder, e.g. `../src/deps.js` (checked by the config loader). */
  readonly module: string;
  /** The exported type's name (a checked identifier). */
  readonly type: string;
}

export interface HandlerDeps {
  /** For every service that receives messages, unless `services` names it. */
  readonly default?: DepsTypeRef;
  /** By service id. */
  readonly services: Readonly<Record<string, DepsTypeRef>>;
}

export interface ProjectLayout {
  readonly out: string;
  readonly handlers: string;
  readonly catalog: string;
}

/** The runtime specifier as seen from a generated module at `modulePath` (relative to the output folder). */
export function runtimeSpecifier(options: EmitOptions, modulePath: string): string {
  return relativeSpecifier(modulePath, options.runtime);
}

/**
 * An import specifier from the module at `from` to `target`, both relative to the output
 * folder (`target` may climb out of it); package specifiers pass through.
 */
export function relativeSpecifier(from: string, target: string): string {
  if (!target.startsWith('.')) return target;
  const depth = from.split('/').length - 1;
  const joined = path.posix.normalize(`${'../'.repeat(depth)}${target}`);
  return joined.startsWith('.') ? joined : `./${joined}`;
}

/** The schema the runtime validates with: only JSON Schema (written as JSON or YAML) validates. */
export function jsonSchemaOf(schema: SchemaAttachment | undefined): unknown {
  if (!schema || (schema.format !== 'jsonschema' && schema.format !== 'yaml')) return undefined;
  return schema.content;
}
