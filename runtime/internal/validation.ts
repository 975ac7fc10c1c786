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
import { ValidationError, type ValidationIssue } from './errors.js';

type AjvInstance = Ajv | Ajv2019 | Ajv2020;
type FormatsPlugin = (ajv: AjvInstance) => AjvInstance;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

export type Validator = (value: unknown) => readonly ValidationIssue[] | undefined;

const valid: Validator = () => undefined;
const never: Validator = () => [{ path: '', message: 'is not accepted (schema is false)' }];

// strict: false because catalog schemas carry annotations ajv does not know (examples, x-*).
// ownProperties: a payload's inherited members are not its properties: without it, a schema
// with an optional property named `constructor` or `toString` checks Object's own function
// against it and refuses every payload that leaves the property out.
const options = { strict: false, allErrors: false, allowUnionTypes: true, ownProperties: true } as const;
const dialects = new Map<string, AjvInstance>();
const cache = new WeakMap<object, Validator>();

function dialectOf(schema: Readonly<Record<string, unknown>>): '2020' | '2019' | '07' {
  const declared = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  return declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07';
}

function createInstance(dialect: '2020' | '2019' | '07'): AjvInstance {
  const ajv = dialect === '2020' ? new Ajv2020(options) : dialect === '2019' ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

function compile(schema: Readonly<Record<string, unknown>>): ValidateFunction {
  const dialect = dialectOf(schema);
  let ajv = dialects.get(dialect);
  if (!ajv) dialects.set(dialect, (ajv = createInstance(dialect)));
  try {
    return ajv.compile(schema);
  } catch (err) {
    // Two distinct schema objects with the same $id (e.g. one contract per service): ajv keeps one
    // registry per instance, so compile the second one in an instance of its own.
    if (!/already exists/.test(String(err))) throw err;
    return createInstance(dialect).compile(schema);
  }
}

export function issuesOf(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((e) => {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') return { path: `${e.instancePath}/${String(params['missingProperty'])}`, message: 'is required' };
    if (e.keyword === 'additionalProperties') {
      return { path: `${e.instancePath}/${String(params['additionalProperty'])}`, message: 'is not allowed' };
    }
    return { path: e.instancePath, message: e.message ?? e.keyword };
  });
}

/** The cached validator of a schema; `undefined` means "no schema, accept anything". */
export function validatorFor(schema: JsonSchema | undefined): Validator {
  if (schema === undefined || schema === true) return valid;
  if (schema === false) return never;
  let validator = cache.get(schema);
  if (!validator) {
    const fn = compile(schema);
    validator = (value) => (fn(value) ? undefined : issuesOf(fn.errors));
    cache.set(schema, validator);
  }
  return validator;
}

/** Throws `ValidationError` naming the message type and the first failing field. */
export function assertValid(
  validator: Validator,
  value: unknown,
  messageType: string,
  code: 'invalid-payload' | 'invalid-response' = 'invalid-payload',
): void {
  const issues = validator(value);
  if (issues) throw new ValidationError(code, messageType, issues);
}
