/**
 * Parsing attached specifications. The heavy parsers are imported on first use only, so a
 * catalog without specs never pays for them. Remote `$ref`s are never fetched: a catalog must
 * validate the same way offline, in CI and on a laptop.
 */
import type { Parser as AsyncApiParser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
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

export async function parseSpec(type: SpecType, file: string, abs: string, text: string, lintSpecs: boolean): Promise<SpecParse> {
  switch (type) {
    case 'asyncapi':
      return parseAsyncApi(file, abs, text, lintSpecs);
    case 'openapi':
      return parseOpenApi(file, abs, text);
    case 'graphql':
      return { spec: { file, type, version: undefined, document: text }, errors: [], lint: [] };
  }
}

const REMOTE = 'remote references are not fetched';

let asyncApi: Promise<{ fast: AsyncApiParser; full: AsyncApiParser }> | undefined;

function asyncApiParsers(): Promise<{ fast: AsyncApiParser; full: AsyncApiParser }> {
  asyncApi ??= import('@asyncapi/parser').then(({ Parser }) => {
    const refuse = (schema: 'http' | 'https') => ({
      schema,
      read: async (): Promise<string> => {
        throw new Error(REMOTE);
      },
    });
    const resolver = { resolvers: [refuse('http'), refuse('https')] };
    return {
      // Spectral's rulesets cost ~0.4 s per document; the fast parser resolves and parses only.
      fast: new Parser({ ruleset: { core: false, recommended: false }, __unstable: { resolver } }),
      full: new Parser({ __unstable: { resolver } }),
    };
  });
  return asyncApi;
}

async function parseAsyncApi(file: string, abs: string, text: string, lintSpecs: boolean): Promise<SpecParse> {
  const { fast, full } = await asyncApiParsers();
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

async function parseOpenApi(file: string, abs: string, text: string): Promise<SpecParse> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { spec: undefined, errors: [problem(error)], lint: [] };
  }
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    // validate() checks the document against the OpenAPI schema and dereferences it.
    const document = await SwaggerParser.validate(abs, { resolve: { http: false } });
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
