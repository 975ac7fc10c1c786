/**
 * Deciding when two `pattern`s are the same regex written differently (Specmatic#2717 reports
 * a readability rewrite as a constraint change). Only rewrites that are equivalent for every
 * input are normalised — quantifier shorthands, `\d` versus `[0-9]`, the order of items in a
 * character class — so a canonical match is a proof of equality; anything else stays 'both'.
 */

const QUANTIFIERS: ReadonlyMap<string, string> = new Map([['{0,}', '*'], ['{1,}', '+'], ['{0,1}', '?']]);

/** The items of a class body ("a-zA-Z_" → ["A-Z", "_", "a-z"]), sorted; escapes stay units. */
function classItems(body: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '\\') {
      units.push(body.slice(i, i + 2));
      i++;
    } else units.push(c);
  }
  const items: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] ?? '';
    const to = units[i + 2];
    if (units[i + 1] === '-' && to !== undefined) {
      items.push(`${unit}-${to}`);
      i += 2;
    } else items.push(unit === '\\d' ? '0-9' : unit);
  }
  return [...new Set(items)].sort();
}

export function canonicalPattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const escape = pattern.slice(i, i + 2);
      out += escape === '\\d' ? '[0-9]' : escape;
      i++;
    } else if (c === '[') {
      // Find the closing bracket, skipping escapes; a leading "]" or "^]" is literal in JS only with escapes.
      let end = i + 1;
      while (end < pattern.length && pattern[end] !== ']') end += pattern[end] === '\\' ? 2 : 1;
      if (end >= pattern.length) return pattern; // not a well-formed class: compare as written
      const negated = pattern[i + 1] === '^';
      const items = classItems(pattern.slice(i + (negated ? 2 : 1), end));
      // NUL never occurs in a schema's pattern text, so the join cannot make two classes collide.
      out += `[${negated ? '^' : ''}${items.join('\u0000')}]`;
      i = end;
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      const body = close === -1 ? '' : pattern.slice(i, close + 1);
      const exact = /^\{(\d+),\1\}$/.exec(body);
      const rewritten = QUANTIFIERS.get(body) ?? (exact ? `{${exact[1]}}` : undefined);
      out += rewritten ?? c;
      if (rewritten !== undefined) i = close;
    } else out += c;
  }
  return out;
}

export function samePattern(a: string, b: string): boolean {
  return a === b || canonicalPattern(a) === canonicalPattern(b);
}
