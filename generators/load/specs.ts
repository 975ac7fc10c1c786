/**
 * Parsing attached specifications. The heavy parsers are imported on first use only, so a
 * catalog without specs never pays for them. Remote `$ref`s are never fetched: a catalog must
 * validate the same way offline, in CI and on a laptop.
 */
import type { Parser as AsyncApiParser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { confinedFileResolver, confinedResolvers } from './confine-resolvers.js';
import type { LoadedSpec, SpecType } from './types.js';

export interface SpecProblem {
  readonly remote: boolean;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly problem: string;
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

const REMOTE = 'remote references are not fetched';

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
  const { fast, full } = await asyncApiParsers(root);
  const result = await (lintSpecs ? full : fast).parse(text, { source: abs });
  const problems = result.diagnostics.map((d) => ({
    severity: d.severity,
    problem: {
      remote: d.message.includes(REMOTE),
      line: d.range?.start.line === undefined ? undefined : d.range.start.line + 1,
      field: d.path.length > 0 ? d.path.join('.') : undefined,
      problem: d.message.split('\n')[0] ?? d.message,
    },
  }));
  const errors = problems.filter((p) => p.severity === 0).map((p) => p.problem);
  const lint = problems.filter((p) => p.severity !== 0 && p.severity <= 1).map((p) => p.problem);
  const document = result.document;
  if (!document) return { spec: undefined, errors, lint };
  return {
    spec: { file, type: 'asyncapi', version: document.version(), document: document.json() },
    errors,
    lint,
  };
}

async function parseOpenApi(file: string, abs: string, text: string, root: string): Promise<SpecParse> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { spec: undefined, errors: [problem(error)], lint: [] };
  }
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    // validate() checks the document against the OpenAPI schema and dereferences it.
    const document = await SwaggerParser.validate(abs, { resolve: { http: false, file: confinedFileResolver(root) } });
    const version = (raw as { openapi?: unknown; swagger?: unknown } | null)?.openapi ?? (raw as { swagger?: unknown } | null)?.swagger;
    return { spec: { file, type: 'openapi', version: version === undefined ? undefined : String(version), document }, errors: [], lint: [] };
  } catch (error) {
    return { spec: undefined, errors: [problem(error)], lint: [] };
  }
}

function problem(error: unknown): SpecProblem {
  const details = (error as { details?: readonly { instancePath?: string; message?: string }[] }).details;
  const detail = details?.[0];
  if (detail?.instancePath !== undefined) {
    // swagger-parser's schema errors carry a JSON pointer to the offending node.
    const field = detail.instancePath.split('/').filter(Boolean).join('.') || undefined;
    return { remote: false, line: undefined, field, problem: detail.message ?? 'schema validation failed' };
  }
  const message = (error as Error).message ?? String(error);
  const first = (message.split('\n')[0] ?? message).replace(/\.$/, '');
  return { remote: /https?:\/\//.test(first) && /resolve|fetch/i.test(first), line: undefined, field: undefined, problem: first };
}
