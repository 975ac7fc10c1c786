/** Value handling shared by both backends. */

/** OIDs of the types whose parsing differs between `pg` and PGlite by default. */
export const INT8_OID = 20;

/** int8 as a JS number; never silently rounded. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range of JavaScript numbers`);
  }
  return value;
}

/** `undefined` parameters become SQL NULL on both backends. */
export function normalizeParams(params: readonly unknown[] | undefined): unknown[] {
  return params ? params.map((value) => (value === undefined ? null : value)) : [];
}

/** A valid SQL identifier for a schema name we put into `search_path`. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ (max 63)`);
  }
  return schema;
}
