/**
 * Parsing attached specifications. The heavy parsers are imported on first use only, so a
 * catalog without specs never pays for them. Remote `$ref`s are never fetched: a catalog must
 * validate the same way offline, in CI and on a laptop.
 */
import type { Parser as AsyncApiParser } from '@asyncapi/parser';
import { asyncApiOperations } from './asyncapi-ids.js';
import { asyncApiStructureProblems, lineLocator } from './asyncapi-schema.js';
import { confinedFileResolver, confinedResolvers } from './confine-resolvers.js';
import { readSpecKind, type SpecKindProblem } from './spec-kind.js';
import type { LoadedSpec, SpecType } from './types.js';

export interface SpecProblem {
  readonly remote: boolean;
  /** `unreadable`: not a document of its kind at all; `invalid`: one that breaks its specification's schema. */
  readonly kind?: 'unreadable' | 'invalid';
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly problem: string;
  /** What to do, where the problem knows better than the generic advice. */
  readonly fix?: string | undefined;
}

export interface SpecParse {
  readonly spec: LoadedSpec | undefined;
  readonly errors: readonly SpecProblem[];
  /** Findings of the optional full lint (never fatal). */
  readonly lint: readonly SpecProblem[];
}

/** `root` is the catalog folder: the parsers' resolvers read no file outside it. */
export async function parseSpec(type: SpecType, file: string, abs: string, text: string, lintSpecs: boolean, root: string): Promise<SpecParse> {
  switch (type) {
    case 'asyncapi':
      return parseAsyncApi(file, abs, text, lintSpecs, root);
    case 'openapi':
      return parseOpenApi(file, abs, text, root);
    case 'graphql':
      return { spec: { file, type, version: undefined, document: text }, errors: [], lint: [] };
  }
}

/** The parser's rules that check a document against its specification's schema. */
const INVALID_RULES = new Set(['asyncapi-document-resolved', 'asyncapi-document-unresolved', 'asyncapi2-schemas', 'asyncapi3-schemas']);

const asyncApi = new Map<string, Promise<{ fast: AsyncApiParser; full: AsyncApiParser }>>();

/** The parsers for the catalog at `root` (their resolvers are confined to it). */
function asyncApiParsers(root: string): Promise<{ fast: AsyncApiParser; full: AsyncApiParser }> {
  let parsers = asyncApi.get(root);
  parsers ??= import('@asyncapi/parser').then(({ Parser }) => {
    const resolver = { resolvers: confinedResolvers(root) };
    return {
      // Spectral's rulesets cost ~0.4 s per document; the fast parser resolves and parses only.
      fast: new Parser({ ruleset: { core: false, recommended: false }, __unstable: { resolver } }),
      full: new Parser({ __unstable: { resolver } }),
    };
  });
  asyncApi.set(root, parsers);
  return parsers;
}

async function parseAsyncApi(file: string, abs: string, text: string, lintSpecs: boolean, root: string): Promise<SpecParse> {
  const kind = readSpecKind('asyncapi', text);
  if (!('raw' in kind)) return { spec: undefined, errors: [unreadable(kind)], lint: [] };
  const { fast, full } = await asyncApiParsers(root);
  const result = await (lintSpecs ? full : fast).parse(text, { source: abs });
  const problems = result.diagnostics.map((d) => ({
    severity: d.severity,
    problem: {
      // Remote refs never reach the parser as errors: ref-walk.ts refuses them first (CW043), and
      // the confined readers answer one with a not-read document instead of throwing.
      remote: false,
      kind: INVALID_RULES.has(String(d.code)) ? ('invalid' as const) : undefined,
      line: d.range?.start.line === undefined ? undefined : d.range.start.line + 1,
      field: d.path.length > 0 ? d.path.join('.') : undefined,
      problem: d.message.split('\n')[0] ?? d.message,
    },
  }));
  const errors = problems.filter((p) => p.severity === 0).map((p) => p.problem);
  const lint = problems.filter((p) => p.severity !== 0 && p.severity <= 1).map((p) => p.problem);
  const document = result.document;
  if (!document) return { spec: undefined, errors, lint };
  // The fast parser resolves without validating; the full ruleset validates already.
  const invalid = lintSpecs ? [] : asyncApiStructureProblems(document.version(), kind.raw, text).map((p) => ({ ...p, remote: false, kind: 'invalid' as const }));
  if (invalid.length > 0) return { spec: undefined, errors: [...errors, ...invalid], lint };
  return {
    spec: { file, type: 'asyncapi', version: document.version(), document: document.json(), operations: asyncApiOperations(document) },
    errors,
    lint,
  };
}

function unreadable(kind: SpecKindProblem): SpecProblem {
  return { remote: false, kind: 'unreadable', line: kind.line, field: undefined, problem: kind.problem, fix: kind.fix };
}

async function parseOpenApi(file: string, abs: string, text: string, root: string): Promise<SpecParse> {
  const kind = readSpecKind('openapi', text);
  if (!('raw' in kind)) return { spec: undefined, errors: [unreadable(kind)], lint: [] };
  const raw = kind.raw;
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    // validate() checks the document against the OpenAPI schema and dereferences it.
    const document = await SwaggerParser.validate(abs, { resolve: { http: false, file: confinedFileResolver(root) } });
    const version = raw.openapi ?? raw.swagger;
    return { spec: { file, type: 'openapi', version: version === undefined ? undefined : String(version), document }, errors: [], lint: [] };
  } catch (error) {
    return { spec: undefined, errors: [problem(error, text)], lint: [] };
  }
}

function problem(error: unknown, text: string): SpecProblem {
  const details = (error as { details?: readonly { instancePath?: string; message?: string; keyword?: string; params?: { passingSchemas?: unknown } }[] }).details;
  const detail = details?.[0];
  if (detail?.instancePath !== undefined) {
    // swagger-parser's schema errors carry a JSON pointer to the offending node.
    const path = detail.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const both = detail.keyword === 'oneOf' && Array.isArray(detail.params?.passingSchemas);
    return {
      remote: false,
      kind: 'invalid',
      line: lineLocator(text)(path),
      field: path.join('.') || undefined,
      problem: both ? 'it fits more than one of the forms the specification allows here, which exclude each other' : (detail.message ?? 'schema validation failed'),
    };
  }
  const message = (error as Error).message ?? String(error);
  const first = (message.split('\n')[0] ?? message).replace(/\.$/, '');
  return { remote: /https?:\/\//.test(first) && /resolve|fetch/i.test(first), line: undefined, field: undefined, problem: first };
}
