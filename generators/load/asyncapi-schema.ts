/**
 * Is an AsyncAPI document valid for its version? Checked against the official JSON Schema of
 * that version (@asyncapi/specs, the schema the parser's own `asyncapi-document-*` rules use),
 * with ajv compiled once per version. The parser's Spectral core ruleset does the same check but
 * costs ~0.4 s per document; this costs about a millisecond, so it runs by default and the full
 * ruleset stays behind `--lint-specs`.
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface StructureProblem {
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly problem: string;
}

const require = createRequire(import.meta.url);
const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction | undefined {
  const known = validators.get(version);
  if (known) return known;
  // Every schema of every version in one CommonJS module: loaded on first use, so a catalog without AsyncAPI documents never pays for it.
  const specs = require('@asyncapi/specs') as { schemas: Record<string, Record<string, unknown>> };
  const schema = specs.schemas[version];
  if (!schema) return undefined;
  const copy = JSON.parse(JSON.stringify(schema)) as { definitions: Record<string, unknown> };
  // Ajv knows the JSON Schema meta-schemas already and refuses a second copy.
  delete copy.definitions['http://json-schema.org/draft-07/schema'];
  delete copy.definitions['http://json-schema.org/draft-04/schema'];
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false }).compile(copy);
  validators.set(version, validate);
  return validate;
}

/**
 * The document as written (its `$ref`s unresolved: the official schema admits a Reference Object
 * wherever the specification does). Returns the most specific problems, one per place.
 */
export function asyncApiStructureProblems(version: string, raw: unknown, text: string): StructureProblem[] {
  const validate = validatorFor(version);
  if (!validate || validate(raw)) return [];
  const errors = mostSpecific(validate.errors ?? []);
  const located = lineLocator(text);
  return errors.map((e) => {
    const path = e.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    // A field that is not allowed is reported where it is, not at the object holding it.
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    if (e.keyword === 'additionalProperties' && extra !== undefined) path.push(extra);
    const field = path.length > 0 ? path.join('.') : undefined;
    return { line: located(path), field, problem: describe(e) };
  });
}

/**
 * ajv reports every branch of every `oneOf` it tried (a Reference Object or the object itself)
 * and every enclosing object that failed because of it; the branch a user meant got furthest,
 * so an error is kept only where no other error lies deeper inside it. Errors asking for `$ref`
 * are the Reference branch and never what the user meant.
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  const useful = errors.filter((e) => !(e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref') && !['oneOf', 'anyOf', 'if', 'then', 'else'].includes(e.keyword));
  const pool = useful.length > 0 ? useful : [...errors];
  const inside = (outer: string, inner: string) => inner !== outer && inner.startsWith(`${outer}/`);
  const leaves = pool.filter((e) => !pool.some((o) => inside(e.instancePath, o.instancePath)));
  const seen = new Set<string>();
  return leaves
    .filter((e) => {
      const key = `${e.instancePath} ${describe(e)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 5);
}

function describe(e: ErrorObject): string {
  const params = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[]; type?: string };
  if (e.keyword === 'required') return `the required field "${params.missingProperty}" is missing`;
  if (e.keyword === 'additionalProperties') return `"${params.additionalProperty}" is not a field the specification allows here`;
  if (e.keyword === 'type') {
    const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
    return `must be ${String(params.type).split(',').map(article).join(' or ')}`;
  }
  if (e.keyword === 'enum') return `must be one of ${(params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? 'does not match the specification';
}

/** Finds the line of a document path (`['info', 'license']`) in YAML or JSON text; parsed on first use. */
export function lineLocator(text: string): (path: readonly string[]) => number | undefined {
  let parsed: { doc: ReturnType<typeof parseDocument>; counter: LineCounter } | undefined;
  return (path) => {
    if (!parsed) {
      const counter = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: counter }), counter };
    }
    let node: unknown = parsed.doc.contents;
    let found: Node | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === part);
        found = (pair?.key as Node | undefined) ?? found;
        node = pair?.value;
      } else if (isSeq(node)) {
        node = node.items[Number(part)];
        found = (node as Node | undefined) ?? found;
      } else break;
    }
    const offset = found?.range?.[0];
    return offset === undefined ? undefined : parsed.counter.linePos(offset).line;
  };
}
