/**
 * Helpers every template uses to print catalog text safely: string literals through
 * JSON.stringify (quotes, backslashes, line breaks and U+2028 all escaped) and comment text
 * that can never close its comment.
 */

/** A string literal; JSON's escaping is valid TypeScript. */
export function str(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A JavaScript value as a literal: JSON with object keys unquoted where they are plain identifiers. */
export function literal(value: unknown, indent = ''): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? str(value) : JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
}

export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key !== '__proto__' ? key : str(key);
}

/** Comment text: no `*​/` can end the comment early, and each line is prefixed for a JSDoc block. */
export function commentLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
}

/** A JSDoc block at the given indent, or nothing for empty text. */
export function jsdoc(lines: readonly string[], indent = ''): string {
  const body = lines.flatMap((l) => commentLines(l));
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  if (body.length === 0) return '';
  return `${indent}/**\n${body.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)).join('\n')}\n${indent} */\n`;
}
