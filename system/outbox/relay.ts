/**
 * The outbox relay: publishes unsent outbox rows and marks them sent.
 *
 * Each batch: (1) in a short transaction, claim up to `batchSize` unsent rows in `seq` order
 * (`FOR UPDATE SKIP LOCKED`, so relays in other processes take other rows) by writing a lease
 * (`claimed_by`, `claimed_until`); (2) outside any transaction, publish them: the rows of one
 * aggregate one after another, each once the one before it was confirmed and marked sent, the
 * aggregates side by side. A failed publish records the error and sets `next_attempt_at` by
 * exponential backoff; the later rows of its aggregate wait behind it (they are not claimed while
 * it is in backoff), the other aggregates' rows do not.
 *
 * A row that can never be published as it is — `unpublishable(error)` says so of the error; by
 * default a payload failing its schema or a caster failing (`isUnpublishable`) — is parked
 * instead of retried: retrying would not change the answer, and every row behind it would wait
 * for ever. Later rows of its aggregate stay held (an aggregate's rows never go out of order);
 * the other aggregates' rows flow. `unparkOutboxMessage` puts it back once the cause is fixed.
 *
 * Guarantees: at-least-once. A process that dies after `publish` resolved but before the row was
 * marked sent leaves the row leased; when the lease expires the row is published again with the
 * same message id (the row id), which consumers recognise as a duplicate. Rows of one aggregate
 * (e.g. one order) are published in the order they were written, also with several relays: a row
 * is not claimed while an earlier unsent row of its aggregate is leased by another relay, in
 * backoff or parked. Rows of different aggregates have no order between them.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isCatwireError } from '../../runtime/index.js';
import type { Database } from '../db/index.js';
import { OUTBOX_COLUMNS, toMessage, type OutboxMessage, type OutboxRecord } from './outbox.js';

/** Must resolve only once the broker has confirmed the message; reject otherwise. */
export type PublishOutboxMessage = (message: OutboxMessage) => Promise<void>;

export interface RelayErrorContext {
  /** `park`: the publish failed in a way no retry changes, and the row was set aside. */
  readonly phase: 'claim' | 'publish' | 'park' | 'mark';
  readonly message?: OutboxMessage;
  readonly relayId: string;
}

export interface OutboxRelayOptions {
  readonly publish: PublishOutboxMessage;
  /** Rows per claim (default 50). */
  readonly batchSize?: number;
  /** How often to look for rows when not woken (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * How long claimed rows stay reserved for this relay (default 30 s). A relay that dies keeps
   * its rows for that long; a batch stops handing rows to `publish` after half of it.
   */
  readonly leaseMs?: number;
  /** Backoff after a failed publish: initial delay, doubled per attempt up to the maximum. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Whether a publish error means the row can never be published as it is (default `isUnpublishable`): it is parked. */
  readonly unpublishable?: (error: unknown) => boolean;
  /** Lease owner name (default host:pid:random). */
  readonly relayId?: string;
  /** Failed publishes and database errors; the relay keeps going. Default: one line on stderr. */
  readonly onError?: (error: unknown, context: RelayErrorContext) => void;
}

export interface RelayBatchResult {
  readonly claimed: number;
  readonly published: number;
  readonly failed: number;
  /** Rows set aside as unpublishable in this batch. */
  readonly parked: number;
  /** Rows are probably waiting (a full batch, or a batch cut short by the lease): look again at once. */
  readonly more: boolean;
  /** Milliseconds until the soonest row that failed in this batch is due again. */
  readonly nextDueInMs?: number;
}

export interface OutboxRelay {
  readonly id: string;
  readonly running: boolean;
  /** Starts the background loop (no-op when running). */
  start(): void;
  /** Stops the loop and waits for the in-flight batch to finish (published rows are marked sent). */
  stop(): Promise<void>;
  /** Looks for rows now instead of at the next poll, e.g. right after a commit that wrote some. */
  wake(): void;
  /** Claims and publishes one batch (serialised with the loop). */
  runOnce(): Promise<RelayBatchResult>;
}

/**
 * The runtime's refusals that depend only on the row: its payload fails the schema of the version
 * it was written at, a caster between majors throws, or no bridge carries its version.
 */
export function isUnpublishable(error: unknown): boolean {
  return isCatwireError(error, 'invalid-payload') || isCatwireError(error, 'cast-failed') || isCatwireError(error, 'version-not-bridged');
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

export function createOutboxRelay(db: Database, options: OutboxRelayOptions): OutboxRelay {
  const relayId = options.relayId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const batchSize = options.batchSize ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const initialDelayMs = options.retry?.initialDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const onError =
    options.onError ??
    ((error: unknown, context: RelayErrorContext) => {
      const about = context.message ? ` ${context.message.type} ${context.message.id}` : '';
      console.error(`outbox relay ${relayId}: ${context.phase}${about} failed: ${errorText(error)}`);
    });
  const report = (error: unknown, context: Omit<RelayErrorContext, 'relayId'>) => {
    try {
      onError(error, { ...context, relayId });
    } catch {
      // a throwing error handler must not stop the relay
    }
  };
  const unpublishable = options.unpublishable ?? isUnpublishable;
  const backoff = (attempt: number) => Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));

  async function claim(): Promise<OutboxMessage[]> {
    return db.transaction(async (tx) => {
      // Due rows whose aggregate has no earlier row waiting: none parked, none in backoff.
      const { rows: candidates } = await tx.query<{ id: string }>(
        `SELECT id FROM outbox o
         WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now()
           AND (claimed_until IS NULL OR claimed_until <= now())
           AND NOT EXISTS (SELECT 1 FROM outbox e
                           WHERE e.aggregate_type = o.aggregate_type AND e.aggregate_id = o.aggregate_id AND e.seq < o.seq
                             AND e.sent_at IS NULL AND (e.parked_at IS NOT NULL OR e.next_attempt_at > now()))
         ORDER BY seq
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      let ids = candidates.map((row) => row.id);
      if (ids.length === 0) return [];
      // A row waits while an earlier unsent row of its aggregate is outside this batch (leased by
      // another relay, or locked by its claim right now). This never holds back a lone relay.
      const { rows: blocked } = await tx.query<{ id: string }>(
        `SELECT o.id FROM outbox o
         WHERE o.id = ANY($1::uuid[])
           AND EXISTS (SELECT 1 FROM outbox e
                       WHERE e.aggregate_type = o.aggregate_type AND e.aggregate_id = o.aggregate_id
                         AND e.sent_at IS NULL AND e.seq < o.seq AND e.id <> ALL($1::uuid[]))`,
        [ids],
      );
      if (blocked.length > 0) {
        const held = new Set(blocked.map((row) => row.id));
        ids = ids.filter((id) => !held.has(id));
        if (ids.length === 0) return [];
      }
      const { rows } = await tx.query<OutboxRecord>(
        `UPDATE outbox
         SET claimed_by = $2, claimed_until = now() + $3::double precision * interval '1 millisecond'
         WHERE id = ANY($1::uuid[])
         RETURNING ${OUTBOX_COLUMNS}`,
        [ids, relayId, leaseMs],
      );
      return rows.map((row) => toMessage(row)).sort((a, b) => a.seq - b.seq);
    });
  }

  async function release(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await db.query(
      `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
       WHERE id = ANY($1::uuid[]) AND claimed_by = $2 AND sent_at IS NULL`,
      [messages.map((m) => m.id), relayId],
    );
  }

  /** How a chain (one aggregate's rows of a batch, in order) ended. */
  type ChainEnd = { readonly published: number; readonly failed?: number; readonly retryInMs?: number; readonly parked?: number; readonly released?: boolean };

  /** Sets a row aside as unpublishable; false when the database refused (the lease then runs out and it is tried again). */
  async function park(message: OutboxMessage, error: unknown): Promise<boolean> {
    report(error, { phase: 'park', message });
    try {
      await db.query(
        `UPDATE outbox
         SET parked_at = now(), attempts = attempts + 1, last_error = $3, claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL`,
        [message.id, relayId, errorText(error)],
      );
      return true;
    } catch (dbError) {
      report(dbError, { phase: 'mark', message });
      return false;
    }
  }

  /** Records a failed publish and its backoff; the row's lease ends now. */
  async function postpone(message: OutboxMessage, error: unknown, delayMs: number): Promise<void> {
    report(error, { phase: 'publish', message });
    try {
      await db.query(
        `UPDATE outbox
         SET attempts = attempts + 1, last_error = $3,
             next_attempt_at = now() + $4::double precision * interval '1 millisecond',
             claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL`,
        [message.id, relayId, errorText(error), delayMs],
      );
    } catch (dbError) {
      report(dbError, { phase: 'mark', message });
    }
  }

  /**
   * One aggregate's rows, each published once the one before it is confirmed and marked: the
   * order the aggregate's rows were written in is the order they reach the broker. When a row
   * fails (or is parked), the rest of the chain is released for a later batch.
   */
  async function publishChain(chain: readonly OutboxMessage[], claimedAt: number): Promise<ChainEnd> {
    let published = 0;
    for (let i = 0; i < chain.length; i++) {
      const message = chain[i] as OutboxMessage;
      const rest = chain.slice(i + 1);
      if (i > 0 && Date.now() - claimedAt > leaseMs / 2) {
        // Do not publish rows whose lease may run out meanwhile: another relay could take them too.
        await release(chain.slice(i)).catch((error: unknown) => report(error, { phase: 'mark' }));
        return { published, released: true };
      }
      try {
        await options.publish(message);
      } catch (error) {
        if (unpublishable(error)) {
          const parked = await park(message, error);
          await release(rest).catch((e: unknown) => report(e, { phase: 'mark' }));
          return { published, parked: parked ? 1 : 0 };
        }
        const retryInMs = backoff(message.attempts + 1);
        await postpone(message, error, retryInMs);
        await release(rest).catch((e: unknown) => report(e, { phase: 'mark' }));
        return { published, failed: 1, retryInMs };
      }
      try {
        await db.query(
          `UPDATE outbox
           SET sent_at = now(), attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL
           WHERE id = $1 AND sent_at IS NULL`,
          [message.id],
        );
      } catch (error) {
        // Published but not marked: the lease runs out and the row goes out again (same id).
        report(error, { phase: 'mark', message });
        await release(rest).catch(() => undefined);
        return { published: published + 1, failed: 0, released: true };
      }
      published++;
    }
    return { published };
  }

  /**
   * Claims a batch and publishes it: each aggregate's rows one after another, the aggregates side
   * by side. A confirm takes a broker round trip, and rows published strictly one at a time made
   * the relay the order system's bottleneck (the saga bench's create-order → order-created hop
   * took 280 ms at 32 checkouts in flight); rows of different aggregates need no order between them.
   */
  async function batch(): Promise<RelayBatchResult> {
    const messages = await claim();
    const claimedAt = Date.now();
    const chains = new Map<string, OutboxMessage[]>();
    for (const m of messages) {
      const key = JSON.stringify([m.aggregateType, m.aggregateId]);
      const chain = chains.get(key);
      if (chain) chain.push(m);
      else chains.set(key, [m]);
    }
    const ends = await Promise.all([...chains.values()].map((chain) => publishChain(chain, claimedAt)));
    const failed = ends.reduce((n, e) => n + (e.failed ?? 0), 0);
    const retries = ends.flatMap((e) => (e.retryInMs === undefined ? [] : [e.retryInMs]));
    return {
      claimed: messages.length,
      published: ends.reduce((n, e) => n + e.published, 0),
      failed,
      parked: ends.reduce((n, e) => n + (e.parked ?? 0), 0),
      more: messages.length >= batchSize || ends.some((e) => e.released === true),
      ...(retries.length > 0 ? { nextDueInMs: Math.min(...retries) } : {}),
    };
  }

  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<RelayBatchResult> => {
    const next = chain.then(batch);
    chain = next.catch(() => undefined);
    return next;
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let interrupt: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      woken = false;
      let delayMs = pollIntervalMs;
      try {
        const outcome = await runOnce();
        failures = 0;
        if (outcome.more) delayMs = 0;
        else if (outcome.nextDueInMs !== undefined) delayMs = Math.min(pollIntervalMs, outcome.nextDueInMs);
      } catch (error) {
        report(error, { phase: 'claim' });
        delayMs = Math.min(pollIntervalMs, backoff(++failures));
      }
      if (!running) break;
      if (woken || delayMs <= 0) continue;
      await sleep(delayMs);
    }
  }

  return {
    id: relayId,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      const previous = loop ?? Promise.resolve();
      loop = previous.then(run);
    },
    async stop() {
      running = false;
      interrupt?.();
      await loop;
    },
    wake() {
      woken = true;
      interrupt?.();
    },
    runOnce,
  };
}
