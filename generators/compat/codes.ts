/**
 * The closed vocabulary of schema changes. A code names *what* changed; the effect says what the
 * change does to the set of valid instances. Most codes have one fixed effect; a few (an added
 * property, a tuple position, a composition appearing) depend on what the neighbouring keywords
 * allowed before, and are marked 'depends' here: the diff computes their effect by set reasoning.
 * `CODE_EFFECTS` is a Record over the union, so adding a code without deciding its effect does
 * not compile. Inside `not` every effect is inverted (a wider inner schema is a narrower outer one).
 */

/** widening: new ⊇ old; narrowing: new ⊆ old; both: neither contains the other; none: annotation only. */
export type ChangeEffect = 'widening' | 'narrowing' | 'both' | 'none';

/** Keywords that bound a value; `minimum`/`maximum` include their exclusive forms. */
export type BoundName = 'minimum' | 'maximum' | 'min-length' | 'max-length' | 'min-items' | 'max-items' | 'min-properties' | 'max-properties';
export type BoundMove = 'added' | 'removed' | 'increased' | 'decreased';
export type CompositionName = 'one-of' | 'any-of';

export type ChangeCode =
  | 'title-changed' | 'description-changed' | 'examples-changed' | 'default-changed' | 'deprecated-changed' | 'annotation-changed'
  | 'schema-allowed' | 'schema-forbidden' | 'ref-changed' | 'unanalysed-keyword-changed'
  | 'type-widened' | 'type-narrowed' | 'type-changed'
  | 'enum-added' | 'enum-removed' | 'enum-value-added' | 'enum-value-removed'
  | 'const-added' | 'const-removed' | 'const-changed'
  | `${BoundName}-${BoundMove}`
  | 'multiple-of-added' | 'multiple-of-removed' | 'multiple-of-changed'
  | 'pattern-added' | 'pattern-removed' | 'pattern-changed'
  | 'format-added' | 'format-removed' | 'format-changed'
  | 'property-added-optional' | 'property-added-required' | 'property-removed'
  | 'required-added' | 'required-removed'
  | 'additional-properties-forbidden' | 'additional-properties-allowed'
  | 'additional-properties-constrained' | 'additional-properties-unconstrained'
  | 'pattern-property-added' | 'pattern-property-removed'
  | 'tuple-item-added' | 'tuple-item-removed'
  | 'unique-items-added' | 'unique-items-removed' | 'contains-added' | 'contains-removed'
  | `${CompositionName}-branch-added` | `${CompositionName}-branch-removed`
  | `${CompositionName}-added` | `${CompositionName}-removed`
  | 'one-of-became-any-of' | 'any-of-became-one-of' | 'all-of-changed' | 'not-added' | 'not-removed';

// A lower bound moving up, or an upper bound moving down, rejects values: narrowing.
function bounds(name: BoundName): Record<`${BoundName}-${BoundMove}`, ChangeEffect> {
  const lower = name === 'minimum' || name.startsWith('min-');
  return {
    [`${name}-added`]: 'narrowing',
    [`${name}-removed`]: 'widening',
    [`${name}-increased`]: lower ? 'narrowing' : 'widening',
    [`${name}-decreased`]: lower ? 'widening' : 'narrowing',
  } as Record<`${BoundName}-${BoundMove}`, ChangeEffect>;
}

const BOUND_NAMES: readonly BoundName[] = ['minimum', 'maximum', 'min-length', 'max-length', 'min-items', 'max-items', 'min-properties', 'max-properties'];

export const CODE_EFFECTS: Readonly<Record<ChangeCode, ChangeEffect | 'depends'>> = {
  'title-changed': 'none', 'description-changed': 'none', 'examples-changed': 'none',
  'default-changed': 'none', 'deprecated-changed': 'none', 'annotation-changed': 'none',
  'schema-allowed': 'widening', 'schema-forbidden': 'narrowing',
  'ref-changed': 'both', 'unanalysed-keyword-changed': 'both',
  'type-widened': 'widening', 'type-narrowed': 'narrowing', 'type-changed': 'both',
  'enum-added': 'narrowing', 'enum-removed': 'widening', 'enum-value-added': 'widening', 'enum-value-removed': 'narrowing',
  'const-added': 'narrowing', 'const-removed': 'widening', 'const-changed': 'both',
  ...Object.assign({}, ...BOUND_NAMES.map(bounds)) as Record<`${BoundName}-${BoundMove}`, ChangeEffect>,
  'multiple-of-added': 'narrowing', 'multiple-of-removed': 'widening', 'multiple-of-changed': 'depends',
  'pattern-added': 'narrowing', 'pattern-removed': 'widening', 'pattern-changed': 'both',
  'format-added': 'narrowing', 'format-removed': 'widening', 'format-changed': 'both',
  'property-added-optional': 'depends', 'property-added-required': 'depends', 'property-removed': 'depends',
  'required-added': 'narrowing', 'required-removed': 'widening',
  'additional-properties-forbidden': 'narrowing', 'additional-properties-allowed': 'widening',
  'additional-properties-constrained': 'narrowing', 'additional-properties-unconstrained': 'widening',
  'pattern-property-added': 'depends', 'pattern-property-removed': 'depends',
  'tuple-item-added': 'depends', 'tuple-item-removed': 'depends',
  'unique-items-added': 'narrowing', 'unique-items-removed': 'widening',
  'contains-added': 'narrowing', 'contains-removed': 'widening',
  'one-of-branch-added': 'widening', 'one-of-branch-removed': 'narrowing',
  'any-of-branch-added': 'widening', 'any-of-branch-removed': 'narrowing',
  'one-of-added': 'depends', 'one-of-removed': 'depends', 'any-of-added': 'depends', 'any-of-removed': 'depends',
  'one-of-became-any-of': 'widening', 'any-of-became-one-of': 'narrowing',
  'all-of-changed': 'both', 'not-added': 'narrowing', 'not-removed': 'widening',
};
