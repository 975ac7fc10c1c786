/**
 * The load stage: find every resource by EventCatalog's folder rules, parse its frontmatter,
 * and parse every schema, spec and example file it points at. Parse only — no meaning.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { discover } from './discover.js';
import { readText, resolveRef } from './files.js';
import { parseFrontmatter } from './frontmatter.js';
import { fileRefs, type FileRef } from './refs.js';
import { bundleSchema, hasExternalRef, parseSchema } from './schemas.js';
import { parseSpec, type SpecProblem } from './specs.js';
import type { LoadedCatalog, LoadedExample, LoadedResource, LoadedSchema, LoadedSpec, LoadOptions, SpecType } from './types.js';

export type { LoadedCatalog, LoadedResource, LoadOptions } from './types.js';
export { classify } from './discover.js';

export async function loadCatalog(rootDir: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const root = path.resolve(rootDir);
  const found = await discover(root, options.source?.files);
  const read = (file: string) => options.source?.read(file) ?? readText(path.join(root, file));
  const diagnostics: Diagnostic[] = [];

  const resources: LoadedResource[] = [];
  await Promise.all(
    found.resources.map(async (entry) => {
      const text = read(entry.file) ?? '';
      const parsed = parseFrontmatter(text);
      if (!parsed.ok) {
        diagnostics.push(
          diagnostic('invalid-frontmatter', {
            file: entry.file,
            line: parsed.line,
            message: parsed.problem,
            fix: 'Start the file with a `---` block of YAML keys (id, name, version, ...) closed by `---`',
          }),
        );
        return;
      }
      const dir = path.posix.dirname(entry.file) === '.' ? '' : path.posix.dirname(entry.file);
      resources.push({
        collection: entry.collection,
        file: entry.file,
        dir,
        versioned: entry.versioned,
        frontmatter: parsed.data,
        lineOf: parsed.lineOf,
        // Object.assign, not `{ ...ref, target }`: in V8 a spread followed by a new key gives
        // every object a hidden class of its own, and every later read of it is a slow one.
        refs: fileRefs({ collection: entry.collection, frontmatter: parsed.data }).map((ref) =>
          Object.assign({}, ref, { target: resolveRef(root, dir, ref.value) }),
        ),
      });
    }),
  );
  resources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const schemas = new Map<string, LoadedSchema>();
  const specs = new Map<string, LoadedSpec>();
  const pending = new Map<string, Promise<boolean>>();
  const refs = resources.flatMap((resource) =>
    resource.refs.filter((ref) => !(options.skipSpecs && ref.kind === 'spec')).map((ref) => ({ resource, ref })),
  );
  await Promise.all(
    refs.map(async ({ resource, ref }) => {
      // Positions cost a second parse of the frontmatter: only files with a problem pay it.
      const where = () => ({ file: resource.file, line: resource.lineOf(ref.path), field: ref.field });
      const target = ref.target;
      if (target.kind === 'remote') {
        diagnostics.push(
          diagnostic('remote-reference', {
            ...where(),
            message: `"${target.url}" is remote and is not fetched`,
            fix: 'Copy the file into the catalog and point to it with a relative path',
          }),
        );
        return;
      }
      if (target.kind === 'escapes') {
        diagnostics.push(
          diagnostic('path-escapes-root', {
            ...where(),
            message: `"${target.target}" points outside the catalog folder`,
            fix: 'Keep referenced files inside the catalog and use a path relative to this resource',
          }),
        );
        return;
      }
      // Each file is read once, however many resources point at it; problems are reported per referrer.
      const key = `${ref.kind}:${target.file}`;
      let job = pending.get(key);
      if (!job) {
        job = loadReferenced(root, ref, target.file, target.abs, read, options, schemas, specs, diagnostics);
        pending.set(key, job);
      }
      const existed = await job;
      if (existed === false) {
        diagnostics.push(
          diagnostic('missing-file', {
            ...where(),
            message: `${ref.kind === 'schema' ? 'schema' : `${ref.specType} specification`} file "${ref.value}" does not exist`,
            fix: `Create ${target.file} or correct the path, which is relative to the folder of ${path.posix.basename(resource.file)}`,
          }),
        );
      }
    }),
  );

  const examples = await loadExamples(found.examples, read, diagnostics);
  return { root, resources, schemas, specs, examples, diagnostics };
}

/** Loads one referenced file; resolves to false when it does not exist. */
async function loadReferenced(
  root: string,
  ref: FileRef,
  file: string,
  abs: string,
  read: (file: string) => string | undefined,
  options: LoadOptions,
  schemas: Map<string, LoadedSchema>,
  specs: Map<string, LoadedSpec>,
  diagnostics: Diagnostic[],
): Promise<boolean> {
  const text = read(file);
  if (text === undefined) return false;
  const loaded = (schema: LoadedSchema) => {
    schemas.set(file, schema);
    options.onSchema?.(schema);
  };
  if (ref.kind === 'schema') {
    const parsed = parseSchema(file, text);
    if (parsed.ok && parsed.schema.format === 'jsonschema' && hasExternalRef(parsed.schema.content)) {
      const bundled = await bundleSchema(abs, root);
      if (bundled.ok) loaded({ ...parsed.schema, content: bundled.content });
      else {
        diagnostics.push(
          diagnostic('unparsable-schema', {
            file,
            message: `the schema's references cannot be resolved: ${bundled.problem}`,
            fix: 'Point each $ref at a file inside the catalog (relative to this schema) or at a #/definitions entry',
          }),
        );
      }
    } else if (parsed.ok) loaded(parsed.schema);
    else {
      diagnostics.push(
        diagnostic('unparsable-schema', {
          file,
          message: `the schema cannot be parsed: ${parsed.problem}`,
          fix: 'Fix the file so it is valid for its format (JSON for .json/.avsc, YAML for .yml)',
        }),
      );
    }
    return true;
  }
  const parsed = await parseSpec(ref.specType, file, abs, text, options.lintSpecs ?? false);
  if (parsed.spec) specs.set(file, parsed.spec);
  for (const p of parsed.errors) {
    diagnostics.push(
      p.remote
        ? diagnostic('remote-reference', {
            file,
            line: p.line,
            field: p.field,
            message: `a remote $ref is not fetched, so the ${ref.specType} document could not be resolved`,
            fix: 'Copy the referenced document into the catalog and use a relative $ref',
          })
        : specProblem(ref.specType, file, p),
    );
  }
  for (const p of parsed.lint) {
    diagnostics.push(diagnostic('spec-lint', { file, line: p.line, field: p.field, message: p.problem, fix: 'Follow the AsyncAPI ruleset' }));
  }
  return true;
}

async function loadExamples(files: readonly string[], read: (file: string) => string | undefined, diagnostics: Diagnostic[]) {
  const byMessage = new Map<string, LoadedExample[]>();
  await Promise.all(
    files.map(async (file) => {
      const text = read(file) ?? '';
      let content: unknown;
      try {
        content = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      } catch (error) {
        diagnostics.push(
          diagnostic('unparsable-schema', {
            file,
            message: `the example cannot be parsed: ${(error as Error).message.split('\n')[0]}`,
            fix: 'Fix the example so it is valid JSON or YAML',
          }),
        );
        return;
      }
      const messageDir = path.posix.dirname(path.posix.dirname(file));
      const list = byMessage.get(messageDir) ?? [];
      list.push({ file, content });
      byMessage.set(messageDir, list);
    }),
  );
  for (const list of byMessage.values()) list.sort((a, b) => (a.file < b.file ? -1 : 1));
  return byMessage;
}

const SPEC_LABEL: Record<SpecType, string> = { asyncapi: 'AsyncAPI', openapi: 'OpenAPI', graphql: 'GraphQL' };

/** A spec file that is not a document of its kind (CW022) or breaks its specification (CW063). */
function specProblem(type: SpecType, file: string, p: SpecProblem): Diagnostic {
  const label = SPEC_LABEL[type];
  const at = { file, line: p.line, field: p.field };
  if (p.kind === 'invalid') {
    return diagnostic('invalid-spec', { ...at, message: `the ${label} document is not valid: ${p.problem}`, fix: p.fix ?? `Fix the document so it follows the ${label} specification of its version` });
  }
  if (p.kind === 'unreadable') return diagnostic('unparsable-spec', { ...at, message: p.problem, fix: p.fix ?? `Attach a ${label} document` });
  return diagnostic('unparsable-spec', {
    ...at,
    message: `the ${label} document cannot be read: ${p.problem}`,
    fix: p.fix ?? `Fix the document so it is a valid ${label} document`,
  });
}
