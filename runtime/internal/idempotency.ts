/**
 * Idempotent handling for at-least-once delivery: a message whose id was already handled
 * successfully is acknowledged without running its handler again. The store is pluggable (a
 * database table in production); the in-memory store suits one process and tests.
 */

export interface IdempotencyStore {
  /** Whether a message with this key was already handled successfully. */
  has(key: string): boolean | Promise<boolean>;
  /** Records a key after its handler succeeded. */
  add(key: string): void | Promise<void>;
}

/** Keys are `<service id>/<message id>`, so services sharing one store never shadow each other. */
export function idempotencyKey(service: string, messageId: string): string {
  return `${service}/${messageId}`;
}

/** Remembers the most recent `maxEntries` keys (default 100,000), oldest forgotten first. */
export function createMemoryIdempotencyStore(options: { maxEntries?: number } = {}): IdempotencyStore {
  const max = options.maxEntries ?? 100_000;
  const keys = new Set<string>();
  return {
    has: (key) => keys.has(key),
    add: (key) => {
      keys.add(key);
      if (keys.size > max) {
        const oldest = keys.values().next();
        if (!oldest.done) keys.delete(oldest.value);
      }
    },
  };
}
