/**
 * Payload validation with ajv. Each schema object is compiled once and the validator is cached
 * by the schema's identity (a WeakMap), so the generated contract literal is the cache key and
 * nothing is ever compiled on the hot path.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { JsonSchema } from '../contract.js';
import { ValidationError, type IssueList, type ValidationIssue } from './errors.js';

type AjvInstance = Ajv | Ajv2019 | Ajv2020;
type FormatsPlugin = (ajv: AjvInstance) => AjvInstance;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

export type Validator = (value: unknown) => IssueList | undefined;

const valid: Validator = () => undefined;
const never: Validator = () => [{ path: '', message: 'is not accepted (schema is false)' }];

/**
 * Two compilations of a schema. The check runs ajv's default mode, which stops at the first
 * error: the cheapest verdict for the valid payloads that are nearly all of them (`allErrors`
 * took the benchmark's valid 1 KB payload from ~3.0 to ~3.6 µs here). Only a payload that failed is
 * validated again with `allErrors`, compiled on the first failure, so that its sender (often
 * another team's client) can fix every field in one go. That second pass is bounded: bodies are
 * size-limited before parsing, and the list is cut at MAX_ISSUES.
 */
type Mode = 'check' | 'explain';
// strict: false because catalog schemas carry annotations ajv does not know (examples, x-*).
// ownProperties: a payload's inherited members are not its properties: without it, a schema
// with an optional property named `constructor` or `toString` checks Object's own function
// against it and refuses every payload that leaves the property out.
const options = {
  check: { strict: false, allErrors: false, allowUnionTypes: true, ownProperties: true },
  explain: { strict: false, allErrors: true, allowUnionTypes: true, ownProperties: true },
} as const;

/** Issues listed per invalid payload; how many more there were is counted (`omitted`). */
export const MAX_ISSUES = 20;
const dialects = new Map<string, AjvInstance>();
const cache = new WeakMap<object, Validator>();

function dialectOf(schema: Readonly<Record<string, unknown>>): '2020' | '2019' | '07' {
  const declared = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  return declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07';
}

function createInstance(dialect: '2020' | '2019' | '07', mode: Mode): AjvInstance {
  const o = options[mode];
  const ajv = dialect === '2020' ? new Ajv2020(o) : dialect === '2019' ? new Ajv2019(o) : new Ajv(o);
  addFormats(ajv);
  return ajv;
}

function compile(schema: Readonly<Record<string, unknown>>, mode: Mode): ValidateFunction {
  const dialect = dialectOf(schema);
  let ajv = dialects.get(`${dialect}:${mode}`);
  if (!ajv) dialects.set(`${dialect}:${mode}`, (ajv = createInstance(dialect, mode)));
  try {
    return ajv.compile(schema);
  } catch (err) {
    // Two distinct schema objects with the same $id (e.g. one contract per service): ajv keeps one
    // registry per instance, so compile the second one in an instance of its own.
    if (!/already exists/.test(String(err))) throw err;
    return createInstance(dialect, mode).compile(schema);
  }
}

/** The first MAX_ISSUES problems; how many more there were rides along as `omitted`. */
export function issuesOf(errors: readonly ErrorObject[] | null | undefined): IssueList {
  const all = errors ?? [];
  const listed: ValidationIssue[] = all.slice(0, MAX_ISSUES).map(issueOf);
  return all.length > MAX_ISSUES ? Object.assign(listed, { omitted: all.length - MAX_ISSUES }) : listed;
}

function issueOf(e: ErrorObject): ValidationIssue {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { path: `${e.instancePath}/${String(params['missingProperty'])}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { path: `${e.instancePath}/${String(params['additionalProperty'])}`, message: 'is not allowed' };
  }
  return { path: e.instancePath, message: e.message ?? e.keyword };
}

/** The cached validator of a schema; `undefined` means "no schema, accept anything". */
export function validatorFor(schema: JsonSchema | undefined): Validator {
  if (schema === undefined || schema === true) return valid;
  if (schema === false) return never;
  let validator = cache.get(schema);
  if (!validator) {
    const check = compile(schema, 'check');
    let explain: ValidateFunction | undefined;
    validator = (value) => {
      if (check(value)) return undefined;
      explain ??= compile(schema, 'explain');
      // The two modes agree on the verdict; the check's one error stands in should they not.
      return issuesOf(explain(value) ? check.errors : explain.errors);
    };
    cache.set(schema, validator);
  }
  return validator;
}

/** Throws `ValidationError` naming the message type and every failing field (up to MAX_ISSUES). */
export function assertValid(
  validator: Validator,
  value: unknown,
  messageType: string,
  code: 'invalid-payload' | 'invalid-response' = 'invalid-payload',
): void {
  const issues = validator(value);
  if (issues) throw new ValidationError(code, messageType, issues);
}
