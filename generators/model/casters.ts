/**
 * Whether a caster between two versions of a message can be derived from their schemas, and
 * how: the steps a generated caster takes, field by field, or the reason a person must write it.
 *
 * Only top-level object properties are mapped, and a mapped field must keep its schema (compared
 * without annotations, `$ref`s followed: schema-compare.ts): a field whose shape changed needs
 * judgement, which a generator does not have. A field is
 * - copied when both versions have it (or the new one names the old name in `x-catwire-renamed-from`),
 * - filled from the target's `default` when the source lacks it (added required field, removed field),
 * - left out when the target does not require it, or does not have it at all.
 */
import { RENAMED_FROM } from '../annotations.js';
import { compareSchemas, resolvePointer } from './schema-compare.js';
import type { SchemaAttachment } from './types.js';

export type CasterStep =
  /** `to` takes the source's `from`; when the source lacks it, `fallback` (the target's default) if any. */
  | { readonly op: 'copy'; readonly from: string; readonly to: string; readonly fallback?: { readonly value: unknown } }
  /** `to` is always the target's default. */
  | { readonly op: 'default'; readonly to: string; readonly value: unknown };

export type Derivation =
  | { readonly derivable: true; readonly steps: readonly CasterStep[] | 'identity' }
  | { readonly derivable: false; readonly reason: string };

type ObjectSchema = {
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly required: readonly string[];
  /** The whole document: the properties' `$ref`s point into it. */
  readonly doc: unknown;
};

function objectSchema(schema: SchemaAttachment | undefined): ObjectSchema | 'none' | undefined {
  if (!schema) return 'none';
  if (schema.format !== 'jsonschema' && schema.format !== 'yaml') return undefined;
  const doc = schema.content;
  let c = doc as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return undefined;
  // A document that is only a `$ref` to its object schema (`{ "$ref": "#/definitions/Order", ... }`).
  if (!('properties' in c) && typeof c.$ref === 'string') {
    const target = resolvePointer(doc, c.$ref) as Record<string, unknown> | null | undefined;
    if (!target || typeof target !== 'object' || Array.isArray(target)) return undefined;
    c = target;
  }
  const props = c.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) return undefined;
  // A composed or referenced shape is not a plain list of fields.
  if (['allOf', 'anyOf', 'oneOf', '$ref', 'if', 'not'].some((k) => k in c)) return undefined;
  return {
    properties: props as ObjectSchema['properties'],
    required: Array.isArray(c.required) ? c.required.filter((r): r is string => typeof r === 'string') : [],
    doc,
  };
}

/** Why a field copied from `from` (source) to `to` (target) cannot be copied as it is; undefined when it can. */
function fieldChange(s: ObjectSchema, from: string, t: ObjectSchema, to: string, labels: { source: string; target: string }): string | undefined {
  const compared = compareSchemas({ node: s.properties[from], doc: s.doc }, { node: t.properties[to], doc: t.doc }, [labels.source, labels.target]);
  if (compared.same === true) return undefined;
  const where = compared.at === '' ? '' : ` at ${compared.at}`;
  const inside = compared.at === '' ? '' : `at ${compared.at}: `;
  if (compared.same === 'unknown') {
    return `field "${compared.side === 0 ? from : to}" of ${compared.side === 0 ? labels.source : labels.target} cannot be compared${where}: ${compared.reason}`;
  }
  return `field "${to}" has another schema in ${labels.target} than "${from}" in ${labels.source} (${inside}${compared.what})`;
}

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
      const change = fieldChange(s, from, t, to, labels);
      if (change) return { derivable: false, reason: change };
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
