/**
 * The walker: reads both schemas one level at a time, hands the level to the keyword
 * comparators, and recurses through `Ctx`. Recursive schemas terminate because a pair of levels
 * read from the same schema objects as a pair already being compared is assumed equal
 * (coinduction: if nothing else differs, the recursion does not either).
 */
import { admits, compareEnums, compareTypes } from './compare-values.js';
import { compareAnnotations } from './compare-annotations.js';
import { compareArrays } from './compare-arrays.js';
import { compareCompositions, compareNot } from './compare-composition.js';
import { compareObjects } from './compare-objects.js';
import { compareRefs, compareResidual, compareUnanalysed } from './compare-opaque.js';
import { compareNumbers, compareStrings } from './compare-scalars.js';
import { compareWrap, isWrap } from './compare-wrap.js';
import type { ChangeEffect } from './codes.js';
import { combine, fixed, type Ctx, type Pair, type Side } from './context.js';
import { byText, deepEqual } from './json.js';
import type { JsonType } from './keywords.js';
import { readNode, type Node } from './node.js';
import { label } from './pointer.js';
import type { SchemaChange } from './types.js';

// Far deeper than any message schema; reaching it means the recursion guard missed a cycle.
const MAX_DEPTH = 200;

function compareLevel(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head, basePointer, headPointer } = pair;
  if (base.never || head.never) {
    if (base.never && head.never) return [];
    return base.never
      ? [fixed(headPointer, 'schema-allowed', `${label(headPointer)} accepted nothing and now accepts values`)]
      : [fixed(basePointer, 'schema-forbidden', `${label(headPointer)} no longer accepts any value`)];
  }
  const annotations = compareAnnotations(pair, ctx);
  if (isWrap(pair)) return [...annotations, ...compareWrap(pair, ctx)];
  // Keywords of a kind of value matter only if both sides admit that kind; otherwise the type change says it all.
  const both = (type: JsonType) => admits(base.types, type) && admits(head.types, type);
  return [
    ...annotations,
    ...compareRefs(pair, ctx),
    ...compareTypes(pair, ctx),
    ...compareEnums(pair, ctx),
    ...(both('integer') ? compareNumbers(pair) : []),
    ...(both('string') ? compareStrings(pair) : []),
    ...(both('object') ? compareObjects(pair, ctx) : []),
    ...(both('array') ? compareArrays(pair, ctx) : []),
    ...compareCompositions(pair, ctx),
    ...compareNot(pair, ctx),
    ...compareResidual(pair, ctx),
    ...compareUnanalysed(pair, ctx),
  ];
}

class Walker implements Ctx {
  private readonly active = new Set<string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private depth = 0;

  private readonly effects = new Map<string, ChangeEffect>();
  private guardHits = 0;

  private id(value: unknown): number {
    if (typeof value !== 'object' || value === null) return 0;
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.nextId++));
    return id;
  }

  private key(node: Node): string {
    return [...new Set(node.origins.map((o) => this.id(o)))].sort((a, b) => a - b).join(',');
  }

  diff(base: Side, head: Side, basePointer: string, headPointer: string): SchemaChange[] {
    // Absent subschemas default to `true`, whose own absent subschemas are `true` again: stop there.
    const open = (s: Side) => s.schema === true || s.schema === undefined;
    if ((open(base) && open(head)) || (base.schema === head.schema && base.doc === head.doc)) return [];
    const pair: Pair = { base: readNode(base.schema, base.doc), head: readNode(head.schema, head.doc), baseDoc: base.doc, headDoc: head.doc, basePointer, headPointer };
    const key = `${this.key(pair.base)}|${this.key(pair.head)}`;
    if (key !== '|' && this.active.has(key)) {
      this.guardHits++;
      return [];
    }
    if (this.depth >= MAX_DEPTH) {
      // Never silent: an unexplored difference is reported as one that breaks both ways.
      if (deepEqual(base.schema, head.schema)) return [];
      return [fixed(headPointer, 'unanalysed-keyword-changed', `${label(headPointer)} is nested too deeply to analyse and differs`)];
    }
    this.active.add(key);
    this.depth++;
    try {
      return compareLevel(pair, this);
    } finally {
      this.active.delete(key);
      this.depth--;
    }
  }

  /**
   * Memoised by the identity of the two subschemas: branch matching asks the same question more
   * than once. A result that leaned on the recursion guard holds only inside the comparison that
   * was in progress, so it is not kept.
   */
  effect(base: Side, head: Side): ChangeEffect {
    const memo = typeof base.schema === 'object' && base.schema !== null && typeof head.schema === 'object' && head.schema !== null;
    const key = memo ? `${this.id(base.schema as object)}:${this.id(head.schema as object)}:${this.id(base.doc)}:${this.id(head.doc)}` : '';
    const known = this.effects.get(key);
    if (known) return known;
    const hits = this.guardHits;
    const effect = combine(this.diff(base, head, '', '').map((c) => c.effect));
    if (memo && hits === this.guardHits) this.effects.set(key, effect);
    return effect;
  }
}

/**
 * Every change from `base` to `head` (two JSON Schemas, draft-07 or 2020-12; `undefined` or
 * `true` accept anything), sorted by pointer, then code, then message.
 */
export function diffSchemas(base: unknown, head: unknown): SchemaChange[] {
  const changes = new Walker().diff({ doc: base, schema: base }, { doc: head, schema: head }, '', '');
  const unique = new Map(changes.map((c) => [`${c.pointer}\u0000${c.code}\u0000${c.message}\u0000${c.effect}`, c]));
  return [...unique.values()].sort((a, b) => byText(a.pointer, b.pointer) || byText(a.code, b.code) || byText(a.message, b.message));
}
