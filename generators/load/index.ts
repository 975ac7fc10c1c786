/**
 * The load stage: find every resource by EventCatalog's folder rules, parse its frontmatter,
 * and parse every schema, spec and example file it points at. Parse only — no meaning.
 */
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { discover } from './discover.js';
import { parseData } from './bounds.js';
import { confine } from './confine.js';
import { readText, resolveRef, type ReadResult } from './files.js';
import { parseFrontmatter } from './frontmatter.js';
import { refusedFile, unboundedDocument } from './refused.js';
import { refusedRefs } from './ref-walk.js';
import { fileRefs, type FileRef } from './refs.js';
import { bundleSchema, hasExternalRef, parseSchema } from './schemas.js';
import { parseSpec, type SpecProblem } from './specs.js';
import type { LoadedCatalog, LoadedExample, LoadedResource, LoadedSchema, LoadedSpec, LoadOptions, SpecType } from './types.js';

export type { LoadedCatalog, LoadedResource, LoadOptions } from './types.js';
export { classify } from './discover.js';

export async function loadCatalog(rootDir: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const root = path.resolve(rootDir);
  const found = await discover(root, options.source?.files);
  const listed = new Set(found.listed);
  // Listed files were read by the caller under the same confinement; any other goes through it here.
  const read = (file: string): ReadResult => {
    const text = options.source?.read(file);
    return text === undefined ? readText(root, path.join(root, file), { listed: listed.has(file) }) : { ok: true, text };
  };
  const diagnostics: Diagnostic[] = [];
  // Links that lead outside and FIFOs, sockets or devices are refused wherever they sit, used or not:
  // a catalog is not read through a door to the rest of the machine.
  const refusedEntries = new Set<string>();
  const special = found.special ?? found.listed.filter((file) => options.source?.read(file) === undefined);
  for (const file of special) {
    const checked = confine(root, path.join(root, file));
    if (checked.ok || checked.refusal === 'missing' || checked.refusal === 'too-large') continue;
    refusedEntries.add(file);
    diagnostics.push(refusedFile({ file }, 'the entry', checked.refusal, checked.problem, 'entry'));
  }

  const resources: LoadedResource[] = [];
  await Promise.all(
    found.resources.map(async (entry) => {
      if (refusedEntries.has(entry.file)) return;
      const got = read(entry.file);
      if (!got.ok) {
        if (got.refusal !== 'missing') diagnostics.push(refusedFile({ file: entry.file }, 'the file', got.refusal, got.problem, 'entry'));
        return;
      }
      const parsed = parseFrontmatter(got.text);
      if (!parsed.ok && parsed.bound) {
        diagnostics.push(unboundedDocument({ file: entry.file, line: parsed.line }, parsed.bound, 'frontmatter', parsed.problem));
        return;
      }
      if (!parsed.ok) {
        diagnostics.push(
          diagnostic('invalid-frontmatter', {
            file: entry.file,
            line: parsed.line,
            message: parsed.problem,
            fix: parsed.fix ?? 'Start the file with a `---` block of YAML keys (id, name, version, ...) closed by `---`',
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
        // every object a hidden class of its own, and every later read of it is a slow one (measured
        // together with the model's objects: see generators/model/kinds.ts).
        refs: fileRefs({ collection: entry.collection, frontmatter: parsed.data }).map((ref) =>
          Object.assign({}, ref, { target: resolveRef(root, dir, ref.value) }),
        ),
      });
    }),
  );
  resources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const schemas = new Map<string, LoadedSchema>();
  const specs = new Map<string, LoadedSpec>();
  const pending = new Map<string, Promise<true | Extract<ReadResult, { ok: false }>>>();
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
      const outcome = await job;
      if (outcome !== true && outcome.refusal !== 'missing') {
        diagnostics.push(refusedFile(where(), `"${ref.value}"`, outcome.refusal, outcome.problem, 'path'));
      } else if (outcome !== true) {
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

  const examples = await loadExamples(found.examples, read, refusedEntries, diagnostics);
  return { root, resources, schemas, specs, examples, diagnostics };
}

/** Loads one referenced file; resolves to why it was not read when it was not. */
async function loadReferenced(
  root: string,
  ref: FileRef,
  file: string,
  abs: string,
  read: (file: string) => ReadResult,
  options: LoadOptions,
  schemas: Map<string, LoadedSchema>,
  specs: Map<string, LoadedSpec>,
  diagnostics: Diagnostic[],
): Promise<true | Extract<ReadResult, { ok: false }>> {
  const got = read(file);
  if (!got.ok) return got;
  const text = got.text;
  // A $ref that leaves the catalog (directly or from a file it reaches) stops the document before any parser opens its targets.
  // Remote ones too, for specs; a schema's bundler reports those itself (http is off).
  const confined = (content: unknown, remoteToo: boolean) => {
    const refused = refusedRefs(root, abs, text, content).filter((r) => remoteToo || r.refusal !== 'remote');
    for (const r of refused) {
      const where = { file: r.file, line: r.line, field: r.field };
      diagnostics.push(
        r.refusal === 'remote'
          ? diagnostic('remote-reference', {
              ...where,
              message: `$ref "${r.ref}" is remote and is not fetched, so the ${ref.specType} document is not read`,
              fix: 'Copy the referenced document into the catalog and use a relative $ref',
            })
          : r.refusal === 'nesting-too-deep' || r.refusal === 'document-too-large'
            ? diagnostic(r.refusal, { ...where, message: `$ref "${r.ref}" ${r.problem}`, fix: 'Flatten the referenced document, or split it into smaller files' })
            : refusedFile(where, `$ref "${r.ref}"`, r.refusal, r.problem, '$ref'),
      );
    }
    return refused.length === 0;
  };
  const loaded = (schema: LoadedSchema) => {
    schemas.set(file, schema);
    options.onSchema?.(schema);
  };
  if (ref.kind === 'schema') {
    const parsed = parseSchema(file, text);
    if (!parsed.ok && parsed.kind !== 'unparsable') {
      diagnostics.push(unboundedDocument({ file }, parsed.kind, 'schema', parsed.problem));
      return true;
    }
    if (parsed.ok && parsed.schema.format === 'jsonschema' && hasExternalRef(parsed.schema.content)) {
      if (!confined(parsed.schema.content, false)) return true;
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
  if (ref.specType !== 'graphql') {
    const data = parseData(text, /\.json$/i.test(file) ? 'json' : 'yaml');
    // Judged before the spec parser reads it: its own YAML reader expands aliases without a bound.
    if (!data.ok && data.kind !== 'unparsable') {
      diagnostics.push(unboundedDocument({ file }, data.kind, `${ref.specType} document`, data.problem));
      return true;
    }
    // A document that is no mapping (empty, a list, a value) is named by parseSpec (spec-kind.ts).
    if (data.ok && data.value !== null && typeof data.value === 'object' && !confined(data.value, true)) return true;
  }
  const parsed = await parseSpec(ref.specType, file, abs, text, options.lintSpecs ?? false, root);
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

async function loadExamples(files: readonly string[], read: (file: string) => ReadResult, refused: ReadonlySet<string>, diagnostics: Diagnostic[]) {
  const byMessage = new Map<string, LoadedExample[]>();
  await Promise.all(
    files.map(async (file) => {
      if (refused.has(file)) return;
      const got = read(file);
      if (!got.ok) {
        if (got.refusal !== 'missing') diagnostics.push(refusedFile({ file }, 'the example', got.refusal, got.problem, 'entry'));
        return;
      }
      const parsed = parseData(got.text, file.endsWith('.json') ? 'json' : 'yaml');
      if (!parsed.ok) {
        diagnostics.push(
          parsed.kind === 'unparsable'
            ? diagnostic('unparsable-schema', {
                file,
                message: `the example cannot be parsed: ${parsed.problem}`,
                fix: 'Fix the example so it is valid JSON or YAML',
              })
            : unboundedDocument({ file }, parsed.kind, 'example', parsed.problem),
        );
        return;
      }
      const content = parsed.value;
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
