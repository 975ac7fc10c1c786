/**
 * Whether a caster between two versions of a message can be derived from their schemas, and
 * how: the steps a generated caster takes, field by field, or the reason a person must write it.
 *
 * Only top-level object properties are mapped, and a mapped field must keep its schema (compared
 * without annotations): a field whose shape changed needs judgement, which a generator does not
 * have. A field is
 * - copied when both versions have it (or the new one names the old name in `x-catwire-renamed-from`),
 * - filled from the target's `default` when the source lacks it (added required field, removed field),
 * - left out when the target does not require it, or does not have it at all.
 */
import { RENAMED_FROM } from '../annotations.js';
import type { SchemaAttachment } from './types.js';

export type CasterStep =
  /** `to` takes the source's `from`; when the source lacks it, `fallback` (the target's default) if any. */
  | { readonly op: 'copy'; readonly from: string; readonly to: string; readonly fallback?: { readonly value: unknown } }
  /** `to` is always the target's default. */
  | { readonly op: 'default'; readonly to: string; readonly value: unknown };

export type Derivation =
  | { readonly derivable: true; readonly steps: readonly CasterStep[] | 'identity' }
  | { readonly derivable: false; readonly reason: string };

type ObjectSchema = { readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>; readonly required: readonly string[] };

const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', RENAMED_FROM]);

function objectSchema(schema: SchemaAttachment | undefined): ObjectSchema | 'none' | undefined {
  if (!schema) return 'none';
  if (schema.format !== 'jsonschema' && schema.format !== 'yaml') return undefined;
  const c = schema.content as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return undefined;
  const props = c.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) return undefined;
  // A composed or referenced shape is not a plain list of fields.
  if (['allOf', 'anyOf', 'oneOf', '$ref', 'if', 'not'].some((k) => k in c)) return undefined;
  return {
    properties: props as ObjectSchema['properties'],
    required: Array.isArray(c.required) ? c.required.filter((r): r is string => typeof r === 'string') : [],
  };
}

/** JSON of a schema without annotations, keys sorted: two fields of the same shape compare equal. */
function shape(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => !ANNOTATIONS.has(k)).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${shape(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hasRef = (value: unknown): boolean =>
  Array.isArray(value) ? value.some(hasRef) : !!value && typeof value === 'object' && Object.entries(value).some(([k, v]) => k === '$ref' || hasRef(v));

/**
 * `newer` is the higher major (its properties may carry `x-catwire-renamed-from`); the caster
 * runs from `source` to `target`, which are `newer` and `older` in one order or the other.
 */
export function deriveCaster(source: SchemaAttachment | undefined, target: SchemaAttachment | undefined, newer: 'source' | 'target', labels: { source: string; target: string }): Derivation {
  const s = objectSchema(source);
  const t = objectSchema(target);
  if (s === 'none' && t === 'none') return { derivable: true, steps: 'identity' };
  if (s === 'none' || t === 'none') return { derivable: false, reason: `${s === 'none' ? labels.source : labels.target} has no schema to map fields from` };
  if (!s || !t) return { derivable: false, reason: `${!s ? labels.source : labels.target} is not a plain object schema with properties` };
  // Renames are written on the newer schema: new name → old name.
  const renames = new Map<string, string>();
  const newerSchema = newer === 'source' ? s : t;
  for (const [name, p] of Object.entries(newerSchema.properties)) {
    const old = p?.[RENAMED_FROM];
    if (typeof old === 'string') renames.set(name, old);
  }
  const sourceNameOf = (targetName: string): string => {
    if (newer === 'source') {
      for (const [n, o] of renames) if (o === targetName) return n;
      return targetName;
    }
    return renames.get(targetName) ?? targetName;
  };
  const steps: CasterStep[] = [];
  for (const [to, targetField] of Object.entries(t.properties)) {
    const from = sourceNameOf(to);
    // Assigning it would set the copy's prototype: no generated code writes such a key.
    if (to === '__proto__' || from === '__proto__') return { derivable: false, reason: 'a field is named "__proto__"' };
    const sourceField = s.properties[from];
    const required = t.required.includes(to);
    const fallback = targetField && 'default' in targetField ? { value: targetField.default } : undefined;
    if (sourceField) {
      if (hasRef(sourceField) || hasRef(targetField)) return { derivable: false, reason: `field "${to}" uses $ref, which is not compared` };
      if (shape(sourceField) !== shape(targetField)) return { derivable: false, reason: `field "${to}" has another schema in ${labels.target} than "${from}" in ${labels.source}` };
      if (required && !s.required.includes(from) && !fallback) {
        return { derivable: false, reason: `field "${to}" is required in ${labels.target} but optional in ${labels.source}, and has no default` };
      }
      steps.push({ op: 'copy', from, to, ...(fallback ? { fallback } : {}) });
    } else if (fallback) {
      steps.push({ op: 'default', to, value: fallback.value });
    } else if (required) {
      return { derivable: false, reason: `field "${to}" is required in ${labels.target}, and ${labels.source} has no such field (no default, no ${RENAMED_FROM})` };
    }
  }
  return { derivable: true, steps };
}

/** Applies derived steps: what the generated caster does, for tests' expected payloads. */
export function applySteps(steps: readonly CasterStep[] | 'identity', payload: unknown): unknown {
  if (steps === 'identity') return payload;
  const source = (payload ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const step of steps) {
    if (step.op === 'default') out[step.to] = step.value;
    else if (source[step.from] !== undefined) out[step.to] = source[step.from];
    else if (step.fallback) out[step.to] = step.fallback.value;
  }
  return out;
}
