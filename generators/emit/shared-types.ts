/**
 * Subschemas several messages define alike (`Money`, `Address` copied into each schema's
 * `definitions`) are declared once, in `types/shared/<name>.ts`, and imported by the message
 * type modules: two messages' payload types can then be used side by side, and a change to the
 * shape shows in one file.
 *
 * Two root definitions are the same type when they have the same `$id`, or the same name (title,
 * else definitions key) and the same content, including every definition they refer to. Only
 * definitions found alike in two or more type modules are shared; differing ones with one name
 * get numbered names (`Money`, `Money2`) in the order of the type modules. A definition that
 * refers outside its document (a relative file), to itself, or whose name json-schema-to-typescript
 * would change, stays where it is.
 */
import { fileName } from '../model/naming.js';
import type { TypePlan } from '../model/types.js';
import { jsonSchemaOf } from './files.js';

export interface SharedType {
  readonly name: string;
  /** Module path relative to the output folder, without extension: `types/shared/money`. */
  readonly module: string;
  /** The definition as a root schema: its own content, its references' definitions beside it. */
  readonly schema: Record<string, unknown>;
  /** The definitions it refers to, which are shared too: key → shared name. */
  readonly shared: Readonly<Record<string, string>>;
}

export interface SharedTypes {
  readonly types: readonly SharedType[];
  /** Per type plan and schema (`payload`/`response`): definitions key → shared name. */
  readonly bySchema: ReadonlyMap<TypePlan, { readonly payload?: Record<string, string>; readonly response?: Record<string, string> }>;
}

const CONTAINERS = ['definitions', '$defs'] as const;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

interface Definition {
  readonly key: string;
  readonly container: (typeof CONTAINERS)[number];
  readonly content: Record<string, unknown>;
  readonly name: string;
  /** Local definitions it refers to (keys), transitively, itself excluded. */
  readonly closure: readonly string[];
  readonly identity: string;
}

/** JSON with object keys sorted: equal content, equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Every `$ref` in a schema; `undefined` when one leaves the document. */
function localRefs(value: unknown, container: string, out: Set<string>): boolean {
  if (Array.isArray(value)) return value.every((v) => localRefs(v, container, out));
  if (!value || typeof value !== 'object') return true;
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref') {
      const match = typeof v === 'string' ? /^#\/(definitions|\$defs)\/([^/]+)$/.exec(v) : null;
      if (!match || match[1] !== container) return false;
      out.add(decodeURIComponent((match[2] as string).replace(/~1/g, '/').replace(/~0/g, '~')));
    } else if (!localRefs(v, container, out)) return false;
  }
  return true;
}

/** The root definitions of a schema that could be shared. */
function definitionsOf(schema: unknown): Definition[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const out: Definition[] = [];
  for (const container of CONTAINERS) {
    const defs = (schema as Record<string, unknown>)[container];
    if (!defs || typeof defs !== 'object' || Array.isArray(defs)) continue;
    const all = defs as Record<string, unknown>;
    const direct = new Map<string, Set<string> | undefined>();
    for (const [key, content] of Object.entries(all)) {
      const refs = new Set<string>();
      direct.set(key, content && typeof content === 'object' && !Array.isArray(content) && localRefs(content, container, refs) ? refs : undefined);
    }
    for (const [key, content] of Object.entries(all)) {
      const refs = direct.get(key);
      if (!refs) continue;
      const c = content as Record<string, unknown>;
      const name = typeof c.title === 'string' ? c.title : key;
      if (!PASCAL.test(name) || name !== key && typeof c.title !== 'string') continue;
      // The closure: every definition reached, each of which must be shareable too.
      const closure = new Set<string>();
      const stack = [...refs];
      let ok = true;
      while (stack.length > 0) {
        const next = stack.pop() as string;
        if (next === key) ok = false;
        if (closure.has(next) || next === key) continue;
        const nested = direct.get(next);
        if (!nested || !Object.hasOwn(all, next)) ok = false;
        else {
          closure.add(next);
          stack.push(...nested);
        }
      }
      if (!ok) continue;
      const sorted = [...closure].sort();
      const identity =
        typeof c.$id === 'string'
          ? `id ${c.$id}`
          : `${name} ${container} ${canonical(c)} ${sorted.map((k) => `${k}=${canonical(all[k])}`).join(' ')}`;
      out.push({ key, container, content: c, name, closure: sorted, identity });
    }
  }
  return out;
}

export function planSharedTypes(plans: readonly TypePlan[]): SharedTypes {
  type Found = { readonly plan: TypePlan; readonly part: 'payload' | 'response'; readonly def: Definition; readonly all: readonly Definition[] };
  const byIdentity = new Map<string, Found[]>();
  for (const plan of plans) {
    const taken = new Set([plan.typeName, plan.responseTypeName, 'JsonSchema']);
    for (const part of ['payload', 'response'] as const) {
      const all = definitionsOf(jsonSchemaOf(part === 'payload' ? plan.message.schema : plan.message.responseSchema));
      for (const def of all) {
        if (taken.has(def.name)) continue;
        const list = byIdentity.get(def.identity) ?? [];
        list.push({ plan, part, def, all });
        byIdentity.set(def.identity, list);
      }
    }
  }
  // Shared: found in two type modules or more, with every definition it refers to shared too
  // (found alike as often, unless a module had to keep one for its own name).
  let sharedIds = [...byIdentity].filter(([, found]) => new Set(found.map((f) => f.plan)).size >= 2);
  for (let changed = true; changed; ) {
    const ids = new Set(sharedIds.map(([id]) => id));
    const kept = sharedIds.filter(([, found]) =>
      found.every((f) => f.def.closure.every((k) => ids.has(f.all.find((d) => d.key === k)?.identity ?? '') && !f.all.some((d) => d.key === k && !byIdentity.get(d.identity)?.some((g) => g.plan === f.plan)))),
    );
    changed = kept.length !== sharedIds.length;
    sharedIds = kept;
  }
  const names = new Map<string, string>();
  const usedNames = new Set<string>();
  for (const [identity, [first]] of sharedIds) {
    const base = first?.def.name as string;
    let name = base;
    for (let n = 2; usedNames.has(name.toLowerCase()); n++) name = `${base}${n}`;
    usedNames.add(name.toLowerCase());
    names.set(identity, name);
  }
  const bySchema = new Map<TypePlan, { payload?: Record<string, string>; response?: Record<string, string> }>();
  const types: SharedType[] = [];
  for (const [identity, found] of sharedIds) {
    for (const f of found) {
      const entry = bySchema.get(f.plan) ?? {};
      (entry[f.part] ??= {})[f.def.key] = names.get(identity) as string;
      bySchema.set(f.plan, entry);
    }
    const { def, all } = found[0] as Found;
    const sharedOf = (key: string) => names.get((all.find((d) => d.key === key) as Definition).identity);
    const nested = Object.fromEntries(def.closure.map((k) => [k, sharedOf(k) as string]));
    const { title: _title, ...content } = def.content;
    const definitions = Object.fromEntries(def.closure.map((k) => [k, {}]));
    types.push({
      name: names.get(identity) as string,
      module: `types/shared/${fileName(names.get(identity) as string, 'type')}`,
      schema: def.closure.length > 0 ? { ...content, [def.container]: definitions } : content,
      shared: nested,
    });
  }
  types.sort((a, b) => (a.module < b.module ? -1 : 1));
  return { types, bySchema };
}
