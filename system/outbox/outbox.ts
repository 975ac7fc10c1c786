/**
 * The outbox table (migration system/db/migrations/002-outbox.sql): messages written in the same
 * transaction as the state change they announce, published later by the relay.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/index.js';

/** Envelope data to carry to the producer (`SendOptions` of the runtime). */
export interface OutboxMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface NewOutboxMessage<P = unknown> {
  /** Message id on the wire; default a new UUID. */
  readonly id?: string;
  /** Catalog message id, e.g. `order-created`. */
  readonly type: string;
  /** Catalog message version, e.g. `1.0.0`. */
  readonly version: string;
  readonly aggregateType: string;
  /** Messages of one aggregate are published in the order they were written. */
  readonly aggregateId: string;
  readonly payload: P;
  readonly metadata?: OutboxMetadata;
}

/** What the relay hands to `publish`. */
export interface OutboxMessage<P = unknown> {
  /** Use as the message id: a re-publish after a crash then carries the same id. */
  readonly id: string;
  /** Creation order. */
  readonly seq: number;
  readonly type: string;
  readonly version: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly payload: P;
  readonly metadata: OutboxMetadata;
  readonly createdAt: Date;
  /** Publish attempts that already returned (failed ones, for a row handed out again). */
  readonly attempts: number;
}

/** A row as stored, for inspection and tests. */
export interface OutboxRow<P = unknown> extends OutboxMessage<P> {
  readonly sentAt: Date | null;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly claimedBy: string | null;
  readonly claimedUntil: Date | null;
  /** When the relay set the row aside as unpublishable (see `unparkOutboxMessage`); null otherwise. */
  readonly parkedAt: Date | null;
}

export interface OutboxRecord {
  id: string;
  seq: number;
  message_type: string;
  message_version: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  metadata: OutboxMetadata;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: Date | null;
  sent_at: Date | null;
  parked_at: Date | null;
}

export const OUTBOX_COLUMNS =
  'id, seq, message_type, message_version, aggregate_type, aggregate_id, payload, metadata, created_at, attempts, ' +
  'next_attempt_at, last_error, claimed_by, claimed_until, sent_at, parked_at';

export function toMessage<P>(record: OutboxRecord): OutboxMessage<P> {
  return {
    id: record.id,
    seq: record.seq,
    type: record.message_type,
    version: record.message_version,
    aggregateType: record.aggregate_type,
    aggregateId: record.aggregate_id,
    payload: record.payload as P,
    metadata: record.metadata,
    createdAt: record.created_at,
    attempts: record.attempts,
  };
}

function toRow<P>(record: OutboxRecord): OutboxRow<P> {
  return {
    ...toMessage<P>(record),
    sentAt: record.sent_at,
    nextAttemptAt: record.next_attempt_at,
    lastError: record.last_error,
    claimedBy: record.claimed_by,
    claimedUntil: record.claimed_until,
    parkedAt: record.parked_at,
  };
}

/** Writes a message; call it with the transaction handle of the state change. */
export async function enqueueOutboxMessage(tx: Queryable, message: NewOutboxMessage): Promise<{ id: string; seq: number }> {
  const id = message.id ?? randomUUID();
  const { rows } = await tx.query<{ seq: number }>(
    `INSERT INTO outbox (id, message_type, message_version, aggregate_type, aggregate_id, payload, metadata)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
     RETURNING seq`,
    [
      id,
      message.type,
      message.version,
      message.aggregateType,
      message.aggregateId,
      JSON.stringify(message.payload),
      JSON.stringify(message.metadata ?? {}),
    ],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('INSERT INTO outbox returned no row');
  return { id, seq };
}

export interface ListOutboxOptions {
  readonly unsentOnly?: boolean;
  /** Only rows the relay parked. */
  readonly parkedOnly?: boolean;
  readonly aggregateId?: string;
  readonly type?: string;
}

/** Rows in creation order. */
export async function listOutbox<P = unknown>(db: Queryable, options: ListOutboxOptions = {}): Promise<OutboxRow<P>[]> {
  const { rows } = await db.query<OutboxRecord>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox
     WHERE ($1::boolean IS NOT TRUE OR sent_at IS NULL)
       AND ($2::text IS NULL OR aggregate_id = $2)
       AND ($3::text IS NULL OR message_type = $3)
       AND ($4::boolean IS NOT TRUE OR parked_at IS NOT NULL)
     ORDER BY seq`,
    [options.unsentOnly ?? false, options.aggregateId ?? null, options.type ?? null, options.parkedOnly ?? false],
  );
  return rows.map((row) => toRow<P>(row));
}

/** Rows still to publish: unsent and not parked. */
export async function countUnsent(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL');
  return rows[0]?.n ?? 0;
}

/**
 * Puts a parked row back for the relay, once what made it unpublishable is fixed (a caster
 * written, the producer deployed that publishes its type): it is published next, before the
 * rows of its aggregate that waited behind it. Returns whether a parked row was found.
 */
export async function unparkOutboxMessage(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE outbox SET parked_at = NULL, next_attempt_at = now() WHERE id = $1 AND parked_at IS NOT NULL AND sent_at IS NULL`, [id]);
  return rowCount === 1;
}

/** Deletes rows sent more than `olderThanMs` ago; returns how many. */
export async function purgeSentOutbox(db: Queryable, olderThanMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < now() - $1::double precision * interval '1 millisecond'`,
    [olderThanMs],
  );
  return rowCount;
}
