/**
 * What a catalog asserts about its schemas, checked: each JSON Schema is valid for the dialect
 * its `$schema` declares (draft-07, 2019-09, 2020-12; draft-07 when it declares none), and each
 * example in a message's `examples/` folder is valid for that message's schema.
 *
 * Both run on untrusted input, so neither may crash or stall: ajv's recursion on a schema nested
 * thousands deep is caught (that schema is then not checked here), and `pattern` is not
 * evaluated against examples, because a catastrophic pattern with a crafted example would hang
 * the run — a pattern an example breaks goes unreported rather than risk that.
 */
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { addCatwireKeywords } from '../annotations.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedSchema } from '../load/types.js';
import type { Message } from './types.js';

type AjvInstance = Ajv | Ajv2019 | Ajv2020;
type FormatsPlugin = (ajv: AjvInstance) => unknown;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

type Dialect = 'draft-07' | '2019-09' | '2020-12';

/** The dialect a schema declares; undefined for one catwire does not check (draft-04, draft-06, custom). */
function dialectOf(schema: object): Dialect | undefined {
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared === undefined) return 'draft-07';
  if (typeof declared !== 'string') return undefined;
  if (/json-schema\.org\/draft-07\/schema#?$/.test(declared)) return 'draft-07';
  if (/json-schema\.org\/draft\/2019-09\/schema#?$/.test(declared)) return '2019-09';
  if (/json-schema\.org\/draft\/2020-12\/schema#?$/.test(declared)) return '2020-12';
  return undefined;
}

/** Patterns are accepted untested when examples are checked (see the module comment). */
const noPatterns = Object.assign(() => ({ test: () => true }), { code: 'noPatterns' });

function instance(dialect: Dialect): AjvInstance {
  // strict: false because catalog schemas carry annotations ajv does not know (examples, other
  // tools' x-*); catwire's own are declared.
  const options = { strict: false, allErrors: true, allowUnionTypes: true, logger: false, validateSchema: false, code: { regExp: noPatterns } } as const;
  const ajv = dialect === '2020-12' ? new Ajv2020(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return addCatwireKeywords(ajv);
}

export class SchemaChecker {
  private readonly instances = new Map<Dialect, AjvInstance>();

  constructor(private readonly diagnostics: Diagnostic[]) {}

  private ajv(dialect: Dialect): AjvInstance {
    let ajv = this.instances.get(dialect);
    if (!ajv) this.instances.set(dialect, (ajv = instance(dialect)));
    return ajv;
  }

  /** CW016: the schema against its dialect's meta-schema. Only JSON Schemas (JSON or YAML files). */
  checkMetaSchema(schema: LoadedSchema): void {
    if ((schema.format !== 'jsonschema' && schema.format !== 'yaml') || !isObject(schema.content)) return;
    const dialect = dialectOf(schema.content);
    if (!dialect) return;
    const ajv = this.ajv(dialect);
    let valid: boolean;
    try {
      valid = ajv.validateSchema(schema.content as AnySchema) as boolean;
    } catch {
      return;
    }
    const first = mostSpecific(ajv.errors ?? []);
    if (valid || !first) return;
    this.diagnostics.push(
      diagnostic('invalid-schema', {
        file: schema.file,
        field: fieldOf(first.instancePath),
        message: `the schema is not valid ${dialect} JSON Schema: ${describe(first, 'the schema')}${more(ajv.errors ?? [], first)}`,
        fix: `Correct it against the ${dialect} meta-schema${dialect === 'draft-07' && (schema.content as { $schema?: unknown }).$schema === undefined ? ' (a schema without $schema is read as draft-07)' : ''}`,
      }),
    );
  }

  /** CW017: each example of the message against its payload schema. */
  checkExamples(message: Message): void {
    const schema = message.schema;
    if (!schema || message.examples.length === 0 || (schema.format !== 'jsonschema' && schema.format !== 'yaml') || !isObject(schema.content)) return;
    const dialect = dialectOf(schema.content);
    if (!dialect) return;
    let validate: ValidateFunction;
    try {
      // Compiled apart from the other schemas: ids in one schema must not clash with another's.
      validate = instance(dialect).compile(schema.content as AnySchema);
    } catch {
      // A schema that does not compile is reported as such elsewhere; its examples cannot be judged.
      return;
    }
    for (const example of message.examples) {
      let valid: boolean;
      try {
        valid = validate(example.content) as boolean;
      } catch {
        continue;
      }
      const first = mostSpecific(validate.errors ?? []);
      if (valid || !first) continue;
      this.diagnostics.push(
        diagnostic('invalid-example', {
          file: example.file,
          field: fieldOf(first.instancePath),
          message: `the example does not match the schema of ${message.kind} "${message.id}@${message.version}" (${schema.file}): ${describe(first, 'the payload')}${more(validate.errors ?? [], first)}`,
          fix: 'Correct the example, or the schema if the example shows what is really sent',
        }),
      );
    }
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error deepest in the document, first of those: `anyOf` and `oneOf` also fail where their branches do. */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const wrappers = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);
  const useful = errors.filter((e) => !wrappers.has(e.keyword));
  const pool = useful.length > 0 ? useful : errors;
  return [...pool].sort((a, b) => depth(b.instancePath) - depth(a.instancePath))[0];
}

const depth = (pointer: string) => (pointer === '' ? 0 : pointer.split('/').length);

function describe(error: ErrorObject, root: string): string {
  const where = error.instancePath === '' ? root : fieldOf(error.instancePath);
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'additionalProperties') return `${where} has property "${(error.params as { additionalProperty: string }).additionalProperty}", which the schema does not allow`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

function more(errors: readonly ErrorObject[], shown: ErrorObject): string {
  const others = new Set(errors.filter((e) => e !== shown && e.instancePath !== shown.instancePath).map((e) => e.instancePath)).size;
  return others === 0 ? '' : ` (and problems at ${others} more ${others === 1 ? 'place' : 'places'})`;
}

/** `/properties/id/type` → `properties.id.type`; array indexes as `[0]`. */
function fieldOf(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}
