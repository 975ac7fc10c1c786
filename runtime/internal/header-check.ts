/**
 * The AMQP headers of a received message, checked before the runtime relies on them. A client
 * not written with catwire may send anything a header table can hold: tables where text is
 * expected, an attempt count of "many", a time that is no time, or headers filling a whole
 * frame. Such a message is refused (dead-lettered with the reason) rather than guessed at.
 */
import { HEADERS } from './envelope.js';

/**
 * Largest header table accepted, and the most a moved (retried, dead-lettered) copy keeps of
 * it. The runtime's own headers take well under 1 KiB; the AMQP frame (128 KiB) is the only
 * other bound, and a copy of a frame-filling table plus the runtime's headers would no longer fit.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface HeaderProblem {
  /** Over MAX_HEADER_BYTES, as opposed to garbled. */
  readonly oversized: boolean;
  readonly text: string;
}

/** Headers the runtime reads as text: a string, a long string (Buffer) or a number. */
const TEXT_HEADERS: readonly string[] = [
  ...['id', 'source', 'type', 'time', 'specversion'].flatMap((a) => [`cloudEvents_${a}`, `cloudEvents:${a}`]),
  HEADERS.version,
  HEADERS.causationId,
  HEADERS.correlationId,
  HEADERS.traceparent,
  HEADERS.tracestate,
  HEADERS.originalExchange,
  HEADERS.originalRoutingKey,
];

/**
 * Headers written on the way, not by the sender: the runtime's retry and dead-letter headers and
 * the broker's dead-lettering history. They do not count against the limit, so a message that
 * passed it once is not refused after a retry added its headers.
 */
const HOP_HEADERS = new Set<string>([
  HEADERS.attempt,
  HEADERS.lastError,
  HEADERS.deadLetterReason,
  HEADERS.error,
  HEADERS.originalExchange,
  HEADERS.originalRoutingKey,
  HEADERS.originalQueue,
  HEADERS.deadLetteredAt,
  HEADERS.droppedHeaders,
  HEADERS.businessDeadLetter,
]);
export const BROKER_HEADERS = /^x-(death|first-death-|last-death-)/;

export function isHopHeader(name: string): boolean {
  return HOP_HEADERS.has(name) || BROKER_HEADERS.test(name);
}

const isText = (v: unknown) => typeof v === 'string' || typeof v === 'number' || Buffer.isBuffer(v);

/** A wire size estimate of one header (name and value); exact enough for a 16 KiB budget. */
export function headerSize(name: string, value: unknown): number {
  if (typeof value === 'string') return name.length + Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return name.length + value.length;
  if (typeof value !== 'object' || value === null) return name.length + 9;
  try {
    return name.length + Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Infinity; // not representable (a cycle cannot come off the wire, but be sure)
  }
}

function show(value: unknown): string {
  if (Buffer.isBuffer(value)) return 'a byte string';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value === 'object') return 'a table';
  return JSON.stringify(String(value)).slice(0, 60);
}

/** What is wrong with a header table, or undefined when the runtime can rely on it. */
export function checkHeaders(headers: Readonly<Record<string, unknown>> | undefined): HeaderProblem | undefined {
  if (headers === undefined) return undefined;
  let size = 0;
  for (const name in headers) if (!isHopHeader(name)) size += headerSize(name, headers[name]);
  if (size > MAX_HEADER_BYTES) return { oversized: true, text: `headers are ${size} bytes, over the limit of ${MAX_HEADER_BYTES} bytes` };
  const problems: string[] = [];
  for (const name of TEXT_HEADERS) {
    const value = headers[name];
    if (value !== undefined && !isText(value)) problems.push(`header ${name} must be text, not ${show(value)}`);
  }
  const attempt = headers[HEADERS.attempt];
  if (attempt !== undefined) {
    const n = typeof attempt === 'number' ? attempt : typeof attempt === 'string' && attempt.trim() !== '' ? Number(attempt) : NaN;
    if (!(Number.isSafeInteger(n) && n >= 0)) problems.push(`header ${HEADERS.attempt} must be a whole number of attempts, not ${show(attempt)}`);
  }
  for (const name of ['cloudEvents_time', 'cloudEvents:time']) {
    const value = headers[name];
    if (typeof value === 'string' && Number.isNaN(Date.parse(value))) problems.push(`header ${name} must be an RFC 3339 time, not ${show(value)}`);
  }
  return problems.length === 0 ? undefined : { oversized: false, text: problems.join('; ') };
}
