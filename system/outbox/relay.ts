/**
 * The outbox relay: publishes unsent outbox rows and marks them sent.
 *
 * Each batch: (1) in a short transaction, claim up to `batchSize` unsent rows in `seq` order
 * (`FOR UPDATE SKIP LOCKED`, so relays in other processes take other rows) by writing a lease
 * (`claimed_by`, `claimed_until`); (2) outside any transaction, call `publish` for each row in
 * order and mark it sent as soon as it resolves (i.e. the broker confirmed). A failed publish
 * records the error, sets `next_attempt_at` by exponential backoff and releases the rest of the
 * batch; later rows wait behind it, so a single relay publishes in creation order.
 *
 * A row that can never be published as it is — `unpublishable(error)` says so of the error; by
 * default a payload failing its schema or a caster failing (`isUnpublishable`) — is parked
 * instead of retried: retrying would not change the answer, and every row behind it would wait
 * for ever. Later rows of its aggregate stay held (an aggregate's rows never go out of order);
 * the other aggregates' rows flow. `unparkOutboxMessage` puts it back once the cause is fixed.
 *
 * Guarantees: at-least-once. A process that dies after `publish` resolved but before the row was
 * marked sent leaves the row leased; when the lease expires the row is published again with the
 * same message id (the row id), which consumers recognise as a duplicate. With several relays,
 * rows of one aggregate (e.g. one order) are still published in order: a row is not claimed while
 * an earlier unsent row of its aggregate is leased by another relay. The global order across
 * aggregates is only kept within one relay.
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
  /** Milliseconds until the first row in backoff is due, when one blocked the batch. */
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

  async function claim(): Promise<{ messages: OutboxMessage[]; nextDueInMs: number | undefined }> {
    return db.transaction(async (tx) => {
      const { rows: candidates } = await tx.query<{ id: string; due: boolean; due_in_ms: number }>(
        `SELECT id, next_attempt_at <= now() AS due,
                greatest(0, extract(epoch FROM next_attempt_at - now()) * 1000)::float8 AS due_in_ms
         FROM outbox o
         WHERE sent_at IS NULL AND parked_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
           AND NOT EXISTS (SELECT 1 FROM outbox p
                           WHERE p.parked_at IS NOT NULL AND p.sent_at IS NULL
                             AND p.aggregate_type = o.aggregate_type AND p.aggregate_id = o.aggregate_id AND p.seq < o.seq)
         ORDER BY seq
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      // Rows behind one in backoff wait for it: creation order over speed.
      const firstNotDue = candidates.findIndex((row) => !row.due);
      const nextDueInMs = firstNotDue >= 0 ? Math.ceil(candidates[firstNotDue]?.due_in_ms ?? 0) : undefined;
      let ids = (firstNotDue >= 0 ? candidates.slice(0, firstNotDue) : candidates).map((row) => row.id);
      if (ids.length === 0) return { messages: [], nextDueInMs };
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
        if (ids.length === 0) return { messages: [], nextDueInMs };
      }
      const { rows } = await tx.query<OutboxRecord>(
        `UPDATE outbox
         SET claimed_by = $2, claimed_until = now() + $3::double precision * interval '1 millisecond'
         WHERE id = ANY($1::uuid[])
         RETURNING ${OUTBOX_COLUMNS}`,
        [ids, relayId, leaseMs],
      );
      const messages = rows.map((row) => toMessage(row)).sort((a, b) => a.seq - b.seq);
      return { messages, nextDueInMs };
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

  async function batch(): Promise<RelayBatchResult> {
    const { messages, nextDueInMs } = await claim();
    const claimedAt = Date.now();
    let parked = 0;
    const result = (published: number, failed: number, more: boolean): RelayBatchResult => ({
      claimed: messages.length,
      published,
      failed,
      parked,
      more,
      ...(nextDueInMs === undefined ? {} : { nextDueInMs }),
    });
    let published = 0;
    /** Aggregates with a row parked in this batch: their later rows are released, not published. */
    const heldBack = new Set<string>();
    const aggregateOf = (m: OutboxMessage) => JSON.stringify([m.aggregateType, m.aggregateId]);
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as OutboxMessage;
      if (heldBack.has(aggregateOf(message))) {
        await release([message]).catch((error: unknown) => report(error, { phase: 'mark', message }));
        continue;
      }
      if (i > 0 && Date.now() - claimedAt > leaseMs / 2) {
        // Do not publish rows whose lease may run out meanwhile: another relay could take them too.
        await release(messages.slice(i)).catch((error: unknown) => report(error, { phase: 'mark' }));
        return result(published, 0, true);
      }
      try {
        await options.publish(message);
      } catch (error) {
        if (unpublishable(error)) {
          report(error, { phase: 'park', message });
          try {
            await db.query(
              `UPDATE outbox
               SET parked_at = now(), attempts = attempts + 1, last_error = $3, claimed_by = NULL, claimed_until = NULL
               WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL`,
              [message.id, relayId, errorText(error)],
            );
            parked++;
            heldBack.add(aggregateOf(message));
            continue;
          } catch (dbError) {
            // Not parked: the lease runs out and the row is tried (and parked) again.
            report(dbError, { phase: 'mark', message });
            await release(messages.slice(i + 1)).catch(() => undefined);
            return result(published, 0, false);
          }
        }
        report(error, { phase: 'publish', message });
        const delayMs = backoff(message.attempts + 1);
        try {
          await db.query(
            `UPDATE outbox
             SET attempts = attempts + 1, last_error = $3,
                 next_attempt_at = now() + $4::double precision * interval '1 millisecond',
                 claimed_by = NULL, claimed_until = NULL
             WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL`,
            [message.id, relayId, errorText(error), delayMs],
          );
          await release(messages.slice(i + 1));
        } catch (dbError) {
          report(dbError, { phase: 'mark', message });
        }
        return { ...result(published, 1, false), nextDueInMs: delayMs };
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
        await release(messages.slice(i + 1)).catch(() => undefined);
        return { ...result(published + 1, 0, false), nextDueInMs: initialDelayMs };
      }
      published++;
    }
    return result(published, 0, messages.length >= batchSize);
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
