/**
 * What a message schema must not do to the code generated from it or to the services that
 * validate with it. Schemas come from pull requests, and their text reaches two places that
 * run: the generated TypeScript (json-schema-to-typescript pastes `tsType` and `tsEnumNames`
 * into it) and the runtime, where ajv compiles every `pattern` into a backtracking RegExp and
 * runs it on each message a broker delivers.
 *
 *   CW046  `tsType` / `tsEnumNames`: code-generator instructions; ignored (warning)
 *   CW047  a `pattern` that is not an ECMAScript regular expression in `u` mode, as ajv compiles it
 *   CW048  a `pattern` that can backtrack super-linearly (scslre finds an attack string)
 *   CW049  a schema nested deeper than the limit, or a `$ref`/`allOf` cycle that never nests
 *          (validating it recurses forever on the same value)
 *   CW010  a local `$ref` that points to nothing (the runtime could not compile the schema)
 *
 * The walk is iterative, so no schema can overflow the stack here.
 */
import { analyse } from 'scslre';
import { diagnostic, type Diagnostic, type DiagnosticKind } from '../diagnostics.js';
import type { Message, SchemaAttachment } from './types.js';

/** JSON nesting beyond this is refused: real schemas stay far below, and ajv and json-schema-to-typescript recurse per level. */
export const MAX_SCHEMA_DEPTH = 200;
/** Longer patterns are not analysed (the analysis grows with the pattern) and are refused as unchecked. */
export const MAX_PATTERN_LENGTH = 1_000;

/** Keywords json-schema-to-typescript prints as code, not as data. */
const CODEGEN_KEYWORDS = ['tsType', 'tsEnumNames'] as const;

/** Keywords whose value is a map of subschemas, one subschema, or a list of subschemas. */
export const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
export const SCHEMA_ONE = new Set([
  'items', 'additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames',
  'unevaluatedItems', 'unevaluatedProperties',
]);
export const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Keywords that apply their subschemas to the same value (no nesting into it): a cycle through these alone never ends. */
const IN_PLACE_ONE = ['not', 'if', 'then', 'else'] as const;
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

type Node = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * A JSON Pointer segment as a diagnostic shows it: property names are catalog text, so control
 * and line-separator characters are escaped (a name must not start a new line of CI output)
 * and long names are shortened.
 */
const pointerPart = (key: string | number) => {
  const text = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  const shortened = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(shortened) ? JSON.stringify(shortened).slice(1, -1).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : shortened;
};

export function checkSchemas(messages: readonly Message[], diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const m of messages) {
    for (const schema of [m.schema, m.responseSchema]) {
      if (!schema || seen.has(schema.file) || (schema.format !== 'jsonschema' && schema.format !== 'yaml')) continue;
      seen.add(schema.file);
      const found = checkSchema(schema);
      if (typeof schema.content === 'object' && schema.content !== null) errorKinds.set(schema.content, kindsOfErrors(found));
      diagnostics.push(...found);
    }
  }
}

/**
 * The kinds of error checkSchema finds in a schema, remembered per schema object: the model
 * checks each message schema once, and emit asks again before sampling and typing it (the walk
 * cost ~0.2 s of a cold 1,000 × 10 run when repeated).
 */
const errorKinds = new WeakMap<object, ReadonlySet<DiagnosticKind>>();

export function schemaErrorKinds(content: object): ReadonlySet<DiagnosticKind> {
  let kinds = errorKinds.get(content);
  if (!kinds) {
    kinds = kindsOfErrors(checkSchema({ file: '', content }));
    errorKinds.set(content, kinds);
  }
  return kinds;
}

function kindsOfErrors(found: readonly Diagnostic[]): ReadonlySet<DiagnosticKind> {
  return new Set(found.filter((d) => d.severity === 'error').map((d) => d.kind));
}

/** Every problem of one schema document, in document order. */
export function checkSchema(schema: Pick<SchemaAttachment, 'file' | 'content'>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const pointers = new Map<Node, string>();
  const say = (kind: Parameters<typeof diagnostic>[0], field: string, message: string, fix: string) =>
    found.push(diagnostic(kind, { file: schema.file, field: field === '' ? undefined : field, message, fix }));
  let tooDeep = false;
  const stack: { value: unknown; pointer: string; depth: number; isSchema: boolean }[] = [
    { value: schema.content, pointer: '', depth: 0, isSchema: true },
  ];
  while (stack.length > 0) {
    const { value, pointer, depth, isSchema } = stack.pop() as (typeof stack)[number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_SCHEMA_DEPTH) {
      tooDeep = true;
      continue;
    }
    const children: (typeof stack)[number][] = [];
    const child = (v: unknown, key: string | number, schemaChild: boolean, base = pointer) =>
      children.push({ value: v, pointer: `${base}/${pointerPart(key)}`, depth: depth + 1, isSchema: schemaChild });
    if (Array.isArray(value)) value.forEach((v, i) => child(v, i, false));
    else if (!isSchema) for (const [k, v] of Object.entries(value)) child(v, k, false);
    else {
      const node = value as Node;
      pointers.set(node, pointer === '' ? '#' : `#${pointer}`);
      for (const keyword of CODEGEN_KEYWORDS) {
        if (keyword in node) {
          say('codegen-keyword', `${pointer}/${keyword}`, `\`${keyword}\` is an instruction to a TypeScript generator, which would paste its text into the generated code; catwire ignores it`,
            keyword === 'tsType' ? 'Remove it and describe the value with JSON Schema keywords (type, enum, properties)' : 'Remove it: the enum values themselves name the members');
        }
      }
      if (typeof node['pattern'] === 'string') checkPattern(node['pattern'], `${pointer}/pattern`, say);
      const ref = node['$ref'];
      if (typeof ref === 'string' && ref.startsWith('#') && !resolvePointer(schema.content, ref)) {
        say('dangling-reference', `${pointer}/$ref`, `$ref ${shown(ref)} points to nothing in this schema`, 'Point it at an existing part of the document (e.g. #/definitions/Name), or define what it names');
      }
      for (const [k, v] of Object.entries(node)) {
        if (SCHEMA_MAPS.has(k) && isObject(v)) {
          for (const [name, sub] of Object.entries(v)) {
            if (k === 'patternProperties') checkPattern(name, `${pointer}/patternProperties/${pointerPart(name)}`, say);
            child(sub, name, true, `${pointer}/${pointerPart(k)}`);
          }
        } else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) {
          v.forEach((sub, i) => child(sub, i, true, `${pointer}/${pointerPart(k)}`));
        } else if (k === 'dependencies' && isObject(v)) {
          for (const [name, sub] of Object.entries(v)) child(sub, name, isObject(sub), `${pointer}/dependencies`);
        } else child(v, k, SCHEMA_ONE.has(k) && isObject(v));
      }
    }
    // Reversed onto the stack, so that diagnostics come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof stack)[number]);
  }
  if (tooDeep) {
    say('unbounded-schema', '', `is nested more than ${MAX_SCHEMA_DEPTH} levels deep; code generation and validation recurse once per level`,
      `Flatten it: name the nested parts under definitions and refer to them with $ref (a $ref through properties or items may recurse)`);
    return found;
  }
  const cycle = inPlaceCycle(schema.content, pointers);
  if (cycle) {
    say('unbounded-schema', cycle[0] === '#' ? '' : (cycle[0] ?? '#').slice(1), `refers back to itself without nesting (${cycle.join(' → ')}): validating a value would apply the same schema to it forever, and its TypeScript type would be a circular alias`,
      'Make the recursion go through properties or items (a Node whose children are Nodes), or remove the $ref that closes the cycle');
  }
  return found;
}

type PatternKind = 'invalid-pattern' | 'slow-pattern' | 'polynomial-pattern';
type Say = (kind: PatternKind, field: string, message: string, fix: string) => void;

const patternVerdicts = new Map<string, { kind: PatternKind; message: string; fix: string } | null>();

/** A pattern as ajv compiles it (`new RegExp(pattern, "u")`), then checked for super-linear backtracking. */
function checkPattern(pattern: string, field: string, say: Say): void {
  let verdict = patternVerdicts.get(pattern);
  if (verdict === undefined) {
    verdict = judgePattern(pattern);
    if (patternVerdicts.size > 10_000) patternVerdicts.clear();
    patternVerdicts.set(pattern, verdict);
  }
  if (verdict) say(verdict.kind, field, verdict.message, verdict.fix);
}

/** How a pattern is shown in a diagnostic: escaped, and shortened when long. */
const shown = (pattern: string) => JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern);

function judgePattern(pattern: string): { kind: PatternKind; message: string; fix: string } | null {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /s, '');
    return {
      kind: 'invalid-pattern',
      message: `pattern ${shown(pattern)} is not a valid ECMAScript regular expression with the u flag (${reason}), which is how the runtime's validator compiles it`,
      fix: 'Write it in ECMAScript syntax: no inline flags such as (?i), no possessive quantifiers, and a backslash only before characters that need one',
    };
  }
  // Only a proven exponential blow-up is an error. Polynomial backtracking and patterns the
  // analysis cannot model are warnings: real specifications use them (the AsyncAPI examples'
  // `[A-Z\s]+\/[A-Z\s]+`), and a gate that fails them would be switched off.
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      kind: 'polynomial-pattern',
      message: `pattern is ${pattern.length} characters long, more than catwire checks for slow backtracking (${MAX_PATTERN_LENGTH})`,
      fix: 'Shorten it, or check it with enum, format or maxLength instead',
    };
  }
  let report: ReturnType<typeof analyse>['reports'][number] | undefined;
  try {
    report = analyse({ source: pattern, flags: 'u' }, { reportTypes: { Move: true, Self: true, Trade: true }, assumeRejectingSuffix: true }).reports[0];
  } catch {
    // What the analysis cannot model (it gives up on some constructs) is not known to be linear.
    return {
      kind: 'polynomial-pattern',
      message: `pattern ${shown(pattern)} could not be checked for slow backtracking`,
      fix: 'Simplify it (no backreferences), or check the value with enum, format or maxLength instead',
    };
  }
  if (!report) return null;
  return {
    kind: report.exponential ? 'slow-pattern' : 'polynomial-pattern',
    message: `pattern ${shown(pattern)} can take ${report.exponential ? 'exponential' : 'polynomial'} time on a string of repeated ${JSON.stringify(report.character.pick)} characters: the runtime's validator backtracks, so one message could stall the service that receives it`,
    fix: 'Rewrite it so that no two parts can match the same characters (e.g. [^@]+@ rather than .+@, (a|b)+ rather than (a+|b)+)',
  };
}

/**
 * A cycle of schemas that apply to the same value (through $ref, allOf, anyOf, oneOf, not,
 * if/then/else) without passing through properties or items, as pointers; undefined if none.
 */
function inPlaceCycle(root: unknown, pointers: ReadonlyMap<Node, string>): string[] | undefined {
  const next = (node: Node): Node[] => {
    const out: Node[] = [];
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const target = resolvePointer(root, ref);
      if (target) out.push(target);
    }
    for (const k of IN_PLACE_ONE) if (isObject(node[k])) out.push(node[k] as Node);
    for (const k of IN_PLACE_LISTS) if (Array.isArray(node[k])) for (const sub of node[k] as unknown[]) if (isObject(sub)) out.push(sub);
    return out;
  };
  // Only schemas a validation can reach count: a cycle among unused definitions harms nothing.
  const reachable = new Set<Node>();
  const queue: Node[] = isObject(root) ? [root] : [];
  while (queue.length > 0) {
    const node = queue.pop() as Node;
    if (reachable.has(node)) continue;
    reachable.add(node);
    queue.push(...next(node), ...nested(node));
  }
  const state = new Map<Node, 'open' | 'done'>();
  for (const start of reachable) {
    if (state.has(start)) continue;
    // Iterative depth-first search: the path is the stack of open nodes.
    const path: { node: Node; children: Node[]; at: number }[] = [{ node: start, children: next(start), at: 0 }];
    state.set(start, 'open');
    while (path.length > 0) {
      const top = path[path.length - 1] as (typeof path)[number];
      if (top.at >= top.children.length) {
        state.set(top.node, 'done');
        path.pop();
        continue;
      }
      const child = top.children[top.at++] as Node;
      const seen = state.get(child);
      if (seen === 'open') {
        const from = path.findIndex((p) => p.node === child);
        return [...path.slice(from).map((p) => pointers.get(p.node) ?? '?'), pointers.get(child) ?? '?'];
      }
      if (seen === undefined) {
        state.set(child, 'open');
        path.push({ node: child, children: next(child), at: 0 });
      }
    }
  }
  return undefined;
}

/** The subschemas that apply to a part of the value (a property, an item). */
function nested(node: Node): Node[] {
  const out: Node[] = [];
  for (const [k, v] of Object.entries(node)) {
    if ((SCHEMA_MAPS.has(k) && k !== 'definitions' && k !== '$defs') || k === 'dependencies') {
      if (isObject(v)) for (const sub of Object.values(v)) if (isObject(sub)) out.push(sub);
    } else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) {
      for (const sub of v) if (isObject(sub)) out.push(sub);
    } else if (SCHEMA_ONE.has(k) && isObject(v)) out.push(v);
  }
  return out;
}

function resolvePointer(root: unknown, ref: string): Node | undefined {
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((p) => p !== '')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
  }
  return isObject(node) ? node : undefined;
}
