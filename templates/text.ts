/**
 * Helpers every template uses to print catalog text safely: string literals through
 * JSON.stringify (quotes, backslashes, line breaks and U+2028 all escaped) and comment text
 * that can never close its comment.
 */

/** A string literal; JSON's escaping is valid TypeScript. */
export function str(value: string): string {
  return magicCommentsEscaped(separatorsEscaped(JSON.stringify(value)));
}

/**
 * JSON data as a JavaScript literal: JSON.stringify's layout (two-space indent, `indent` before
 * every line but the first), object keys unquoted where they are plain identifiers, a trailing
 * comma after every last element. Generated files hold megabytes of these (schemas, samples),
 * so the native serializer does the work and a few passes over its text adjust it: in its output
 * every line starts with a key, a value or a closing bracket (line breaks inside strings are
 * escaped), which is what makes line-anchored patterns safe here.
 */
export function literal(value: unknown, indent = ''): string {
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value, null, 2);
  if (json === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return magicCommentsEscaped(separatorsEscaped(json));
  let text = magicCommentsEscaped(separatorsEscaped(json))
    .replace(/^( *)"([A-Za-z_$][\w$]*)":/gm, '$1$2:')
    .replace(/\n( *[\]}])/g, ',\n$1');
  // A bare (or quoted) `__proto__` key would set the prototype instead of a property.
  if (json.includes('"__proto__":')) text = text.replace(/^( *)__proto__:/gm, '$1["__proto__"]:');
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** U+2028 and U+2029 are valid in JSON strings but were line breaks in older JavaScript: escaped. */
function separatorsEscaped(json: string): string {
  // Nearly no text holds one: looking costs less than a replace that finds nothing.
  if (!json.includes('\u2028') && !json.includes('\u2029')) return json;
  return json.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/**
 * `sourceMappingURL=` and `sourceURL=` in the text of a file make tools that scan for them
 * (source-map loaders, debuggers) read a map or a file the catalog chose, even inside a
 * string. In string literals the `=` is written as `\u003d`: the same string, no match.
 */
function magicCommentsEscaped(literalText: string): string {
  if (!literalText.includes('URL=')) return literalText;
  return literalText.replace(/(source(?:Mapping)?URL)=/g, '$1\\u003d');
}

/**
 * Text for a comment, neutralized: no `*​/` can close it, no line starts with a TypeScript
 * directive (`@ts-ignore`, `@ts-expect-error` work in block comments too, and would silence
 * the compiler on the next line), and no source-map or source URL a tool would follow.
 */
export function commentText(text: string): string {
  if (!/\*\/|@ts-|URL=/.test(text)) return text;
  return text
    .replace(/\*\//g, '*\\/')
    .replace(/^([\s*/]*)@ts-/gm, '$1\\@ts-')
    .replace(/(source(?:Mapping)?URL)=/g, '$1 =');
}

/** An object literal key: bare when it is a plain identifier, else a string (computed for `__proto__`, which would set the prototype). */
export function propertyKey(key: string): string {
  if (key === '__proto__') return '["__proto__"]';
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : str(key);
}

/** Comment text, neutralized (commentText), as the lines of a JSDoc block. */
export function commentLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  // Most doc text is one clean line.
  if (!/\*\/|[\r\n\u2028\u2029]|\s$|@ts-|URL=/.test(text)) return [text];
  return commentText(text)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
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
