/**
 * Which keyword is what. Everything the classifier does not know as a validation keyword is an
 * annotation: JSON Schema validators ignore unknown keywords (catwire's ajv runs with
 * strict: false), so changing one cannot change the set of valid instances.
 */

export type JsonType = 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string';

export const JSON_TYPES: readonly JsonType[] = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/**
 * Keywords that only constrain instances of one kind. A change to them matters only when both
 * schemas admit that kind; for an anyOf whose branches have disjoint types, they let the branches
 * fold into one schema (`anyOf: [{type: string, maxLength: 3}, {type: null}]` is
 * `type: [string, null], maxLength: 3`).
 */
export const GROUPS: Readonly<Record<'string' | 'number' | 'object' | 'array', readonly string[]>> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  object: [
    'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties',
    'maxProperties', 'dependentRequired', 'dependentSchemas', 'dependencies', 'unevaluatedProperties',
  ],
  array: ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'unevaluatedItems'],
};

export type Group = keyof typeof GROUPS;

/** The type of a JSON value; whole numbers are integers, as ajv decides. */
export function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'string' : 'object';
}

/** The group a JSON type's keywords belong to (integer shares number's). */
export function groupOf(type: JsonType): Group | undefined {
  if (type === 'integer' || type === 'number') return 'number';
  return type === 'string' || type === 'object' || type === 'array' ? type : undefined;
}

export const GROUP_OF_KEYWORD: ReadonlyMap<string, Group> = new Map(
  (Object.entries(GROUPS) as [Group, readonly string[]][]).flatMap(([group, keys]) => keys.map((k) => [k, group] as const)),
);

/** Validation keywords that apply whatever the instance's type. */
export const GENERIC = new Set([
  'type', 'enum', 'const', 'nullable', '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$dynamicRef', '$recursiveRef',
]);

/**
 * Validation keywords catwire recognises but does not reason about: any change to them is
 * reported as 'unanalysed-keyword-changed' with effect 'both' — a gate should over-report here,
 * never under-report.
 */
export const UNANALYSED = new Set([
  'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'minContains', 'maxContains',
  'unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', '$recursiveRef',
]);

/**
 * Structure, not content: the dialect, identifiers and the definitions containers. A schema moved
 * into `definitions` is compared where it is referenced; an unused definition validates nothing.
 */
export const STRUCTURAL = new Set(['$schema', '$id', '$anchor', '$dynamicAnchor', '$recursiveAnchor', '$vocabulary', 'definitions', '$defs']);

export function isValidationKeyword(key: string): boolean {
  return GENERIC.has(key) || GROUP_OF_KEYWORD.has(key);
}

/** Annotations: reported with effect 'none' when they change. */
export function isAnnotation(key: string): boolean {
  return !isValidationKeyword(key) && !STRUCTURAL.has(key);
}
