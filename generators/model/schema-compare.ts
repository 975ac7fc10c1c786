/**
 * Whether two JSON Schema fragments, each inside its own schema document, describe the same
 * shape, with `$ref`s followed: the caster derivation (casters.ts) copies a field only when its
 * shape is unchanged, and real schemas name their shared parts in `definitions`.
 *
 * - A local `$ref` (`#`, `#/definitions/…`, `#/$defs/…`, any JSON pointer into the same document)
 *   is replaced by what it points at, so a definition under another name, or written inline,
 *   compares equal. The loader has already inlined file `$ref`s into each schema (bundleSchema,
 *   whose repeated references become local pointers), so a document is compared alone.
 * - Recursion: a pair of nodes under comparison is assumed equal when it is met again (the
 *   comparison stops at the first difference, so an assumption that turns out wrong is never
 *   used). The same set makes each pair of nodes compared once, so shared definitions do not
 *   multiply the work.
 * - Annotations (`title`, `description`, `examples`, `$comment`, `x-catwire-renamed-from`) are
 *   not compared; property names are (a property may well be called `description`). `required`
 *   is compared as a set, and `allOf` of one schema as that schema.
 * - A `$ref` that points nowhere, or that this comparison does not follow (another file, an
 *   `$id` or an anchor), makes the answer "unknown", with a reason.
 */
import { RENAMED_FROM } from '../annotations.js';

const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', RENAMED_FROM]);
/** Keywords whose object value is keyed by names chosen in the schema, not by keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas', 'dependentRequired']);
/** Keywords whose array value is unordered. */
const SETS = new Set(['required', 'type']);
/** Keywords whose value is data, compared exactly (no keyword in it is an annotation). */
const DATA = new Set(['const', 'enum', 'default']);
/** Bounds for untrusted input: nesting followed through `$ref`s, `$ref` chains, pairs compared. */
const MAX_DEPTH = 200;
const MAX_HOPS = 32;
const MAX_PAIRS = 50_000;

/** One side of a comparison: a node and the document its local `$ref`s point into. */
export interface Side {
  readonly node: unknown;
  readonly doc: unknown;
}

export type Comparison =
  | { readonly same: true }
  /** `at`: where, relative to the compared nodes (`''` for the nodes themselves); `what`: the difference. */
  | { readonly same: false; readonly at: string; readonly what: string }
  /** `side`: which side's `$ref` could not be followed. */
  | { readonly same: 'unknown'; readonly side: 0 | 1; readonly at: string; readonly reason: string };

class Stop {
  constructor(readonly result: Exclude<Comparison, { same: true }>) {}
}

/** A local JSON pointer (`#/a/b~1c`) in `doc`; undefined when it is not local or points nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (fragment === '') return doc;
  if (!fragment.startsWith('/')) return undefined; // an anchor name: not followed
  let node = doc;
  for (const raw of fragment.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
    else if (node && typeof node === 'object' && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The keys that count for the shape of a schema object. */
const keysOf = (o: Record<string, unknown>, names: boolean) => Object.keys(o).filter((k) => names || !ANNOTATIONS.has(k)).sort();

/**
 * The node a schema stands for: a bare `$ref` (annotations aside) is followed, an `allOf` of one
 * schema is that schema, repeatedly.
 */
function unwrap(side: Side, which: 0 | 1, at: string): unknown {
  let node = side.node;
  for (let hops = 0; ; hops++) {
    if (!isObject(node)) return node;
    const keys = keysOf(node, false);
    if (keys.length !== 1) return node;
    if (hops >= MAX_HOPS) throw new Stop({ same: 'unknown', side: which, at, reason: `its $refs lead through more than ${MAX_HOPS} schemas without reaching one (a $ref cycle)` });
    const [key] = keys;
    if (key === '$ref' && typeof node.$ref === 'string') node = follow(side.doc, node.$ref, which, at);
    else if (key === 'allOf' && Array.isArray(node.allOf) && node.allOf.length === 1) node = node.allOf[0];
    else return node;
  }
}

function follow(doc: unknown, ref: string, which: 0 | 1, at: string): unknown {
  const target = resolvePointer(doc, ref);
  if (target !== undefined) return target;
  const reason = !ref.startsWith('#')
    ? `its $ref "${ref}" points outside the schema document, which the comparison does not follow`
    : ref.length > 1 && !ref.startsWith('#/')
      ? `its $ref "${ref}" names an anchor, which the comparison does not follow`
      : `its $ref "${ref}" points nowhere in the schema`;
  throw new Stop({ same: 'unknown', side: which, at, reason });
}

const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
/** JSON with keys sorted: data equal up to key order compares equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
const join = (at: string, key: string | number) => (at === '' ? String(key) : `${at}.${key}`);

/** Compares two schema fragments; see the module comment. */
export function compareSchemas(a: Side, b: Side, labels: readonly [string, string] = ['the first', 'the second']): Comparison {
  const [la, lb] = labels;
  const values = (x: unknown, y: unknown) => `${show(x)} in ${la}, ${show(y)} in ${lb}`;
  const assumed = new Map<unknown, Set<unknown>>();
  let pairs = 0;

  /** `parent`: the keyword whose value this is (`''` for a schema that stands alone). */
  const walk = (x: Side, y: Side, at: string, depth: number, parent: string): void => {
    const names = NAME_MAPS.has(parent);
    if (depth > MAX_DEPTH) throw new Stop({ same: 'unknown', side: 0, at, reason: `it nests deeper than ${MAX_DEPTH} levels (through its $refs)` });
    // Inside a map of names the values are schemas again, but the map itself is not unwrapped.
    if (DATA.has(parent)) {
      if (stable(x.node) !== stable(y.node)) throw new Stop({ same: false, at, what: values(x.node, y.node) });
      return;
    }
    const xn = names ? x.node : unwrap(x, 0, at);
    const yn = names ? y.node : unwrap(y, 1, at);
    if (xn === yn && x.doc === y.doc) return;
    const xo = xn !== null && typeof xn === 'object';
    const yo = yn !== null && typeof yn === 'object';
    if (!xo || !yo) {
      if (xn !== yn) throw new Stop({ same: false, at, what: values(xn, yn) });
      return;
    }
    // A pair met again is assumed equal: it is being compared further up, or was found equal.
    let seen = assumed.get(xn);
    if (seen?.has(yn)) return;
    if (++pairs > MAX_PAIRS) throw new Stop({ same: 'unknown', side: 0, at, reason: `comparing it takes more than ${MAX_PAIRS} steps` });
    if (!seen) assumed.set(xn, (seen = new Set()));
    seen.add(yn);

    if (Array.isArray(xn) !== Array.isArray(yn)) throw new Stop({ same: false, at, what: values(xn, yn) });
    if (Array.isArray(xn) && Array.isArray(yn)) {
      const [xs, ys] = SETS.has(parent) ? [[...xn].sort(), [...yn].sort()] : [xn, yn];
      if (xs.length !== ys.length) throw new Stop({ same: false, at, what: `${xs.length} entries in ${la}, ${ys.length} in ${lb}` });
      for (let i = 0; i < xs.length; i++) walk({ node: xs[i], doc: x.doc }, { node: ys[i], doc: y.doc }, join(at, i), depth + 1, '');
      return;
    }
    const xr = xn as Record<string, unknown>;
    const yr = yn as Record<string, unknown>;
    const xk = keysOf(xr, names);
    const yk = keysOf(yr, names);
    const only = (k: readonly string[], other: readonly string[]) => k.filter((key) => !other.includes(key));
    const [xOnly, yOnly] = [only(xk, yk), only(yk, xk)];
    if (xOnly.length > 0 || yOnly.length > 0) {
      const what = (keys: string[], side: string) => (keys.length > 0 ? `${keys.map((k) => `"${k}"`).join(', ')} only in ${side}` : '');
      throw new Stop({ same: false, at, what: [what(xOnly, la), what(yOnly, lb)].filter(Boolean).join('; ') });
    }
    for (const key of xk) {
      const xv = xr[key];
      const yv = yr[key];
      // A `$ref` beside other keywords: the schemas it points at are compared, not the pointers.
      if (!names && key === '$ref' && typeof xv === 'string' && typeof yv === 'string') {
        walk({ node: follow(x.doc, xv, 0, at), doc: x.doc }, { node: follow(y.doc, yv, 1, at), doc: y.doc }, join(at, key), depth + 1, '');
      } else walk({ node: xv, doc: x.doc }, { node: yv, doc: y.doc }, join(at, key), depth + 1, names ? '' : key);
    }
  };

  try {
    walk(a, b, '', 0, '');
    return { same: true };
  } catch (err) {
    if (err instanceof Stop) return err.result;
    throw err;
  }
}
