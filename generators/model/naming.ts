/**
 * Naming rules: how catalog ids and names (which may contain anything — quotes, backticks,
 * `*​/`, reserved words, leading digits, unicode) become identifiers and file names. Each rule
 * is a named function so the pipeline applies them in one documented order:
 *
 *   SPLIT_WORDS → FORMAT (Pascal / camel / kebab) → NO_NUMBER_START → NO_INVALID_START
 *   → NO_EMPTY → NO_RESERVED_WORD → UNIQUE_IN_SCOPE (case-insensitive, numbered in id order)
 *
 * Emitters and templates print these names; they never compute one.
 */
import { createHash } from 'node:crypto';

/** SPLIT_WORDS: identifier characters only; words break at separators and case changes. */
export function splitWords(text: string): readonly string[] {
  let words = splitCache.get(text);
  if (!words) {
    // A catalog's ids recur in many names (types, schemas, keys, files); the Unicode-aware
    // patterns are the costly part, so each text is split once (the cache is bounded).
    if (splitCache.size >= 50_000) splitCache.clear();
    // ASCII text (nearly every id) takes the same rules spelled in ASCII classes, which run
    // several times faster than the Unicode property escapes.
    words = (
      /^[\x20-\x7e]*$/.test(text)
        ? text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').split(/[^A-Za-z0-9_]+|_+/)
        : text
            .normalize('NFC')
            .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
            .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
            .split(/[^\p{ID_Continue}]+|_+/u)
    ).filter((w) => w.length > 0);
    splitCache.set(text, words);
  }
  return words;
}

const splitCache = new Map<string, readonly string[]>();

const capitalize = (w: string) => (w[0] ?? '').toUpperCase() + w.slice(1).toLowerCase();

export const FORMAT = {
  pascal: (text: string) => splitWords(text).map(capitalize).join(''),
  camel: (text: string) => {
    const [first = '', ...rest] = splitWords(text);
    return first.toLowerCase() + rest.map(capitalize).join('');
  },
  kebab: (text: string) =>
    splitWords(text)
      .map((w) => w.toLowerCase())
      .join('-'),
} as const;

/** NO_NUMBER_START: identifiers cannot start with a digit. */
export function noNumberStart(name: string, prefix: string): string {
  return /^\p{N}/u.test(name) ? `${prefix}${name}` : name;
}

/**
 * NO_RESERVED_WORD: JavaScript and TypeScript reserved words, plus names that change an
 * object's behaviour when used as a key (`then` makes it a thenable, `__proto__` its prototype).
 */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean constructor declare ' +
    'get module require number set string symbol type from of async await never unknown object undefined ' +
    'then __proto__ prototype toString valueOf hasOwnProperty arguments eval NaN Infinity'
  ).split(' '),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

export function noReservedWord(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** NO_EMPTY: a name with no identifier characters left gets the kind's name instead. */
export function noEmpty(name: string, fallback: string): string {
  return name === '' ? fallback : name;
}

/**
 * NO_INVALID_START: a word may begin with a character that can continue an identifier but not
 * start one (a combining mark, a connector such as U+203F): such a name is prefixed like a
 * number, so it stays a valid identifier.
 */
export function noInvalidStart(name: string, prefix: string): string {
  return name === '' || /^[\p{ID_Start}$_]/u.test(name) ? name : `${prefix}${name}`;
}

/** A TypeScript identifier in the given case, safe by the rules above. */
export function identifier(text: string, style: 'pascal' | 'camel', fallback: string): string {
  const formatted = FORMAT[style](text);
  const prefix = style === 'pascal' ? 'N' : 'n';
  const safe = noEmpty(noInvalidStart(noNumberStart(formatted, prefix), prefix), fallback);
  return noReservedWord(safe);
}

/** A file or folder name: kebab-case, ASCII-safe where the id allows, never empty, never too long. */
export function fileName(text: string, fallback: string): string {
  return notTooLong(noEmpty(FORMAT.kebab(text), fallback));
}

/** File names stay far below the 255 bytes file systems allow, room left for suffixes (`.test.ts`, `-2`). */
export const MAX_FILE_NAME_BYTES = 100;

/**
 * NOT_TOO_LONG: a longer name is cut (at a character boundary) and ends in a hash of the whole
 * name, so that two long ids sharing a beginning still get different files.
 */
export function notTooLong(name: string): string {
  if (Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES) return name;
  let cut = '';
  for (const ch of name) {
    if (Buffer.byteLength(cut + ch) > MAX_FILE_NAME_BYTES - 9) break;
    cut += ch;
  }
  return `${cut.replace(/-+$/, '')}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/**
 * UNIQUE_IN_SCOPE: names in one scope must differ (`OrderCancelled` and `order-cancelled`
 * both want `OrderCancelled`). File names must differ case-insensitively too, because file
 * systems fold case. Keys are sorted; the first keeps its name, later ones get 2, 3, ...
 */
export function uniqueInScope<K extends string>(wanted: ReadonlyMap<K, string>, options: ScopeOptions = {}): Map<K, string> {
  const claim = nameClaimer(options);
  const result = new Map<K, string>();
  for (const key of [...wanted.keys()].sort()) result.set(key, claim(wanted.get(key) as string));
  return result;
}

export interface ScopeOptions {
  readonly separator?: string;
  readonly foldCase?: boolean;
}

/**
 * UNIQUE_IN_SCOPE one claim at a time, for callers that already hold the names in their order:
 * each claim gets the name it wants, or the first free numbered one.
 */
export function nameClaimer(options: ScopeOptions = {}, reserved: Iterable<string> = []): (wanted: string) => string {
  const fold = options.foldCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const taken = new Set<string>([...reserved].map(fold));
  return (base) => {
    let name = base;
    for (let n = 2; taken.has(fold(name)); n++) name = `${base}${options.separator ?? ''}${n}`;
    taken.add(fold(name));
    return name;
  };
}

/**
 * VERSION_SUFFIX: the version in a name, for an id generated in several versions. `V100` for
 * 1.0.0 while every part is one digit (the names catwire has always given); parts joined by `_`
 * once any part has more (`V1_0_10` for 1.0.10, which would otherwise read as 10.1.0's `V1010`).
 * Appended after the other rules: SPLIT_WORDS would drop the `_`.
 */
export function versionSuffix(version: string): string {
  const parts = version.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  return `V${parts.every((p) => /^\d$/.test(p)) ? parts.join('') : parts.join('_')}`;
}

/** NO_EMPTY before composing: an id with no word characters stands as its kind's word, so `!!!` gives `Message`, `MessageResponse`, `publishMessage` alike. */
export function idWords(id: string, fallback: string): string {
  return splitWords(id).length > 0 ? id : fallback;
}

/**
 * Names the generated modules import or declare themselves (runtime types and functions, the
 * contract tests' vitest and support imports and their module-level constants). Exported names
 * share one scope with these, so a message or service id such as `handlers`, `json-schema` or
 * `service` gets a numbered name instead of colliding with an import.
 */
export const GENERATED_MODULE_NAMES: readonly string[] = [
  'JsonSchema', 'Producer', 'Handlers', 'HandlerContext', 'Service', 'ServiceOptions', 'Transport', 'startService',
  'defineMessage', 'ServiceContract', 'afterAll', 'beforeAll', 'describe', 'expect', 'it', 'handlers', 'assertHandled',
  'assertValidPayloads', 'newMessageId', 'openContractRun', 'recorder', 'sendSample', 'ContractRun', 'replies',
  'recorders', 'payloads', 'handlerSite', 'run', 'sender', 'TIMEOUT_MS', 'payload', 'ctx', 'Assignable', 'SendOptions',
  'RequestOptions',
];

/** File and folder names: case-insensitive, numbered with a dash. */
export const FILE_NAME_SCOPE: ScopeOptions = { separator: '-', foldCase: true };

/** UNIQUE_IN_SCOPE for file and folder names: case-insensitive, numbered with a dash. */
export function uniqueFileNames<K extends string>(wanted: ReadonlyMap<K, string>): Map<K, string> {
  return uniqueInScope(wanted, FILE_NAME_SCOPE);
}
