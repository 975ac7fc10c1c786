/**
 * What an attached specification file is, before a parser sees it. The parsers answer a file of
 * the wrong kind with their internals ("Cannot read properties of undefined"); a user needs to
 * hear what the file is and what it should be: empty, a list, an OpenAPI document attached as
 * AsyncAPI, a version no parser here reads.
 */
import { parse as parseYaml } from 'yaml';

export interface SpecKindProblem {
  readonly problem: string;
  readonly fix: string;
  readonly line?: number | undefined;
}

/** AsyncAPI versions @asyncapi/parser reads and @asyncapi/specs has a schema for. */
export const ASYNCAPI_VERSIONS = ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0', '2.6.0', '3.0.0', '3.1.0'];

const LABEL: Record<'asyncapi' | 'openapi', string> = { asyncapi: 'AsyncAPI', openapi: 'OpenAPI' };

/** The parsed top level of the file, or what is wrong with its kind. */
export function readSpecKind(type: 'asyncapi' | 'openapi', text: string): { raw: Record<string, unknown> } | SpecKindProblem {
  const label = LABEL[type];
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    // The yaml library appends "at line L, column C:" and a code frame; the line goes where lines go.
    const first = (((error as Error).message ?? String(error)).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { problem: `the file is neither YAML nor JSON, so it is no ${label} document: ${first}`, fix: `Fix the syntax of the ${label} document`, line };
  }
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return { problem: `the file is empty, so it is no ${label} document`, fix: `Write the ${label} document into it, or remove this file from specifications` };
  }
  if (Array.isArray(raw)) {
    return { problem: `the file holds a list, not an ${label} document (which is a mapping with an "${type === 'asyncapi' ? 'asyncapi' : 'openapi'}" field)`, fix: `Attach the ${label} document itself` };
  }
  if (typeof raw !== 'object') {
    return { problem: `the file holds a single ${typeof raw} value, not an ${label} document`, fix: `Attach the ${label} document itself` };
  }
  const doc = raw as Record<string, unknown>;
  return (type === 'asyncapi' ? asyncApiKind(doc) : openApiKind(doc)) ?? { raw: doc };
}

function otherKind(doc: Record<string, unknown>): string | undefined {
  if (doc.asyncapi !== undefined) return `an AsyncAPI ${String(doc.asyncapi)} document`;
  if (doc.openapi !== undefined) return `an OpenAPI ${String(doc.openapi)} document`;
  if (doc.swagger !== undefined) return `a Swagger ${String(doc.swagger)} (OpenAPI 2) document`;
  return undefined;
}

function asyncApiKind(doc: Record<string, unknown>): SpecKindProblem | undefined {
  const version = doc.asyncapi;
  if (version === undefined) {
    const other = otherKind(doc);
    return other
      ? { problem: `the file is ${other}, attached as AsyncAPI`, fix: `Attach it with type: openapi in specifications, or attach the service's AsyncAPI document here` }
      : { problem: 'the file has no "asyncapi" field, so it is no AsyncAPI document', fix: 'Start the document with the AsyncAPI version it follows, e.g. asyncapi: 3.0.0' };
  }
  if (typeof version !== 'string') {
    return { problem: `"asyncapi" is ${JSON.stringify(version)}, not a version string`, fix: `Quote the version, e.g. asyncapi: '3.0.0'` };
  }
  if (!ASYNCAPI_VERSIONS.includes(version)) {
    return {
      problem: `AsyncAPI ${version} is not a version catwire reads (it reads ${ASYNCAPI_VERSIONS[0]} to ${ASYNCAPI_VERSIONS.at(-1)})`,
      fix: 'Convert the document to AsyncAPI 3.0.0 (`asyncapi convert` of the AsyncAPI CLI does it)',
    };
  }
  return undefined;
}

function openApiKind(doc: Record<string, unknown>): SpecKindProblem | undefined {
  if (doc.openapi === undefined && doc.swagger === undefined) {
    const other = otherKind(doc);
    return other
      ? { problem: `the file is ${other}, attached as OpenAPI`, fix: `Attach it with type: asyncapi in specifications, or attach the service's OpenAPI document here` }
      : { problem: 'the file has neither an "openapi" nor a "swagger" field, so it is no OpenAPI document', fix: 'Start the document with the OpenAPI version it follows, e.g. openapi: 3.0.3' };
  }
  const version = String(doc.openapi ?? doc.swagger);
  const supported = doc.openapi !== undefined ? /^3\.[01]\.\d+$/.test(version) : version === '2.0';
  if (!supported) {
    return {
      problem: `${doc.openapi !== undefined ? 'OpenAPI' : 'Swagger'} ${version} is not a version catwire reads (it reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x)`,
      fix: 'Convert the document to OpenAPI 3.0 or 3.1',
    };
  }
  return undefined;
}
