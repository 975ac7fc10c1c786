/**
 * The `deps` section of catwire.config.json: the type of what each service's handlers depend on
 * (`ctx.deps`), per service with a default.
 *
 *   "deps": { "default": "./src/deps.ts#AppDeps", "services": { "order-service": "./src/orders/deps.ts#OrderDeps" } }
 *
 * The text ends up in a generated `import type` line, so it is untrusted until checked here: a
 * relative path to an existing module inside the project, then `#` and a TypeScript identifier.
 * Problems are diagnostics naming the config file, its line and the field.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type DiagnosticKind } from '../generators/diagnostics.js';
import type { DepsTypeRef, HandlerDeps } from '../generators/emit/files.js';

export interface ResolvedHandlerDeps {
  /** Undefined when the section is absent or has errors. */
  readonly deps: HandlerDeps | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const KEYS = ['default', 'services'];
const EXAMPLE = '"deps": { "default": "./src/deps.ts#AppDeps", "services": { "order-service": "./src/orders.ts#OrderDeps" } }';
// Module files a type can be imported from, and the extension the import names (NodeNext resolution).
const EXTENSIONS: readonly (readonly [string, string])[] = [
  ['.d.ts', '.js'],
  ['.d.mts', '.mjs'],
  ['.ts', '.js'],
  ['.mts', '.mjs'],
  ['.js', '.js'],
  ['.mjs', '.mjs'],
];
const SEGMENT = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]*$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Words that cannot name an imported type.
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await any unknown never object string number boolean symbol bigint undefined'.split(' '),
);

/**
 * Checks the raw `deps` value (`configText`: the file, for line numbers) against the project at
 * `root`; `outDir` is the output folder the generated imports start from.
 */
export function resolveHandlerDeps(raw: unknown, configText: string, root: string, outDir: string, configFile = 'catwire.config.json'): ResolvedHandlerDeps {
  if (raw === undefined) return { deps: undefined, diagnostics: [] };
  const lines = lineFinder(configText);
  const diagnostics: Diagnostic[] = [];
  const report = (kind: DiagnosticKind, field: string, message: string, fix: string) =>
    diagnostics.push(diagnostic(kind, { file: configFile, line: lines(field), field, message, fix }));

  if (!isRecord(raw)) {
    report('invalid-deps-config', 'deps', 'the handler dependencies section is not an object', `write it as ${EXAMPLE}`);
    return { deps: undefined, diagnostics };
  }
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) report('invalid-deps-config', `deps.${key}`, `"${key}" is not a key of the deps section`, 'use "default" and "services" only');
  }
  const check = (field: string, value: unknown): DepsTypeRef | undefined => {
    if (typeof value !== 'string') {
      report('invalid-deps-config', field, 'the deps type is not a string', 'write "<relative path to a module>#<type name>", e.g. "./src/deps.ts#AppDeps"');
      return undefined;
    }
    return typeRef(value, field, root, outDir, report);
  };
  const fallback = raw.default === undefined ? undefined : check('deps.default', raw.default);
  const services: Record<string, DepsTypeRef> = {};
  if (raw.services !== undefined) {
    if (!isRecord(raw.services)) {
      report('invalid-deps-config', 'deps.services', 'the per-service deps types are not an object', 'map service ids to types: "services": { "order-service": "./src/orders.ts#OrderDeps" }');
    } else {
      for (const [id, value] of Object.entries(raw.services)) {
        const ref = check(`deps.services.${id}`, value);
        if (ref) services[id] = ref;
      }
    }
  }
  if (diagnostics.length > 0) return { deps: undefined, diagnostics };
  return { deps: { ...(fallback ? { default: fallback } : {}), services }, diagnostics };
}

/** A `services` key that names no service of the catalog: a typo would silently leave that service on the default. */
export function unknownDepsServices(deps: HandlerDeps | undefined, serviceIds: readonly string[], configText: string, configFile = 'catwire.config.json'): Diagnostic[] {
  if (!deps) return [];
  const known = new Set(serviceIds);
  const lines = lineFinder(configText);
  return Object.keys(deps.services)
    .filter((id) => !known.has(id))
    .sort()
    .map((id) =>
      diagnostic('deps-unknown-service', {
        file: configFile,
        line: lines(`deps.services.${id}`),
        field: `deps.services.${id}`,
        message: `no service of the catalog has the id "${id}"`,
        fix: `use one of the catalog's service ids (${[...known].sort().join(', ')}) or remove the entry`,
      }),
    );
}

function typeRef(
  value: string,
  field: string,
  root: string,
  outDir: string,
  report: (kind: DiagnosticKind, field: string, message: string, fix: string) => void,
): DepsTypeRef | undefined {
  const hash = value.lastIndexOf('#');
  const file = hash < 0 ? value : value.slice(0, hash);
  const type = hash < 0 ? '' : value.slice(hash + 1);
  const shown = JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
  if (hash < 0 || !IDENTIFIER.test(type) || RESERVED.has(type)) {
    report('invalid-deps-type', field, `${shown} does not end in "#" and an exported type's name`, 'write "<relative path to a module>#<type name>", e.g. "./src/deps.ts#AppDeps"');
    return undefined;
  }
  const segments = file.split('/');
  const extension = EXTENSIONS.find(([ext]) => file.endsWith(ext));
  if ((segments[0] !== '.' && segments[0] !== '..') || !segments.slice(1).every((s) => s === '..' || SEGMENT.test(s)) || !extension) {
    report(
      'invalid-deps-type',
      field,
      `${shown} is not a relative path to a TypeScript or JavaScript module`,
      'start it with "./" from the project root, use letters, digits, ".", "-", "_" and "/" only, and end it in .ts, .mts, .d.ts or .js',
    );
    return undefined;
  }
  const absolute = path.resolve(root, file);
  if (!inside(root, absolute)) {
    report('deps-outside-project', field, `${shown} points outside the project`, 'move the type into the project and name it by a path that stays inside');
    return undefined;
  }
  let real: string | undefined;
  try {
    real = statSync(absolute).isFile() ? realpathSync(absolute) : undefined;
  } catch {
    real = undefined;
  }
  if (real === undefined) {
    report('deps-module-missing', field, `${shown} names no file of the project`, 'create the module that exports the type, or correct the path');
    return undefined;
  }
  if (!inside(realpathSync(root), real)) {
    report('deps-outside-project', field, `${shown} is a link to a file outside the project`, 'move the type into the project and name it by a path that stays inside');
    return undefined;
  }
  const [ext, importExt] = extension;
  const target = `${absolute.slice(0, absolute.length - ext.length)}${importExt}`;
  const module = path.relative(outDir, target).split(path.sep).join('/');
  return { module: module.startsWith('.') ? module : `./${module}`, type };
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line of a dotted field path in the JSON text (JSON is YAML, so the YAML parser gives positions). */
function lineFinder(text: string): (field: string) => number | undefined {
  let parsed: { root: Node | null; counter: LineCounter } | undefined;
  return (field) => {
    if (!parsed) {
      const counter = new LineCounter();
      parsed = { root: parseDocument(text, { lineCounter: counter }).contents as Node | null, counter };
    }
    let node: Node | null = parsed.root;
    let keyOffset: number | undefined;
    for (const part of splitField(field)) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
      if (!pair) break;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value as Node | null;
    }
    return keyOffset === undefined ? undefined : parsed.counter.linePos(keyOffset).line;
  };
}

/** `deps.services.order-service` → deps, services, order-service (service ids may hold dots: the rest is one key). */
function splitField(field: string): string[] {
  const [a, b, ...rest] = field.split('.');
  return [a, b, rest.length > 0 ? rest.join('.') : undefined].filter((s): s is string => s !== undefined);
}
