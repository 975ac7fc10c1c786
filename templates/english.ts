/**
 * English for counts and names in catwire's own sentences (diagnostics, summaries, comments in
 * generated files): "1 warning", "2 warnings"; "an OrderServiceHandlers", "a PaymentHandlers".
 */

/** `1 error`, `0 errors`, `3 files`; `plural` for words that do not just take an `s`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * The word with its indefinite article. Judged by the first letter (after any quote), which is
 * right for the identifiers and protocol names catwire prints; the usual "you"-sounding
 * exceptions (uni-, use-, eu-) and "one" take `a`.
 */
export function withArticle(word: string): string {
  const letters = word.replace(/^[^A-Za-z0-9]+/, '');
  const vowel = /^[aeiou]/i.test(letters) && !/^(uni|use|usa|eu|one)/i.test(letters);
  return `${vowel ? 'an' : 'a'} ${word}`;
}
