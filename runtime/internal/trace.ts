/**
 * W3C Trace Context `traceparent` values (https://www.w3.org/TR/trace-context/#traceparent-header):
 * `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>`. A message sent while handling another
 * one continues that trace with a new span id; anything else starts a new trace.
 */
import { randomFillSync } from 'node:crypto';

// Random bytes are drawn from a pooled buffer: one syscall per 4 KiB instead of one per message.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

const format = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const zeroTrace = '0'.repeat(32);

export interface TraceparentParts {
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: number;
}

/** The parts of a valid traceparent; undefined for anything else (absent, garbled, all-zero trace). */
export function parseTraceparent(value: string | undefined): TraceparentParts | undefined {
  const match = value === undefined ? null : format.exec(value);
  if (!match || match[1] === zeroTrace || match[2] === '0'.repeat(16)) return undefined;
  return { traceId: match[1] as string, spanId: match[2] as string, flags: parseInt(match[3] as string, 16) };
}

export function formatTraceparent(parts: TraceparentParts): string {
  return `00-${parts.traceId}-${parts.spanId}-${(parts.flags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A child of `parent` when it is a valid traceparent, else the root of a new sampled trace. */
export function nextTraceparent(parent?: string): string {
  const match = parent === undefined ? null : format.exec(parent);
  if (match && match[1] !== zeroTrace) return `00-${match[1]}-${randomHex(8)}-${match[3]}`;
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}
