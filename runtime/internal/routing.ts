/**
 * AMQP topic matching: words are separated by dots, `*` matches exactly one word and `#` zero or
 * more. Used by the in-memory broker to route, and by the contract check to verify that a
 * binding pattern really catches the routing key a message is published with.
 */

export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: readonly string[], p: number, words: readonly string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const head = pattern[p];
  if (head === '#') {
    // `#` swallows any number of words, including none.
    for (let skip = w; skip <= words.length; skip++) if (matchWords(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (head === '*' || head === words[w]) && matchWords(pattern, p + 1, words, w + 1);
}

/** Whether a binding with `bindingKey` on an exchange of `type` routes a message published with `routingKey`. */
export function bindingRoutes(type: string, bindingKey: string, routingKey: string): boolean {
  if (type === 'fanout') return true;
  if (type === 'topic') return topicMatches(bindingKey, routingKey);
  return bindingKey === routingKey;
}
