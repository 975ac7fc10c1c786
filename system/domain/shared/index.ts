/**
 * Helpers shared by the example system's domain modules: deterministic identifiers, clocks and
 * money arithmetic. Pure functions, no I/O.
 *
 * Identifiers derived from business keys (`stableId`) make redelivery safe: handling the same
 * command twice yields the same reservation, authorization or event ids, so an event published
 * again after a lost acknowledgement carries the message id it had the first time and consumers
 * can recognise the duplicate.
 */
import { createHash } from 'node:crypto';

/** A name-based UUID (version-5 layout, SHA-256 of the parts): the same parts give the same id. */
export function stableId(...parts: readonly (string | number)[]): string {
  const bytes = digest(parts);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters from [A-Za-z0-9], derived from the parts (at most 32). */
export function stableToken(length: number, ...parts: readonly (string | number)[]): string {
  const bytes = digest(parts);
  let token = '';
  for (let i = 0; i < Math.min(length, bytes.length); i++) token += ALPHANUMERIC[(bytes[i] ?? 0) % ALPHANUMERIC.length];
  return token;
}

function digest(parts: readonly (string | number)[]): Buffer {
  return createHash('sha256').update(parts.map(String).join('\u001f')).digest();
}

/** Every domain object takes a clock, so that tests can pin time. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export const iso = (date: Date): string => date.toISOString();
/** `YYYY-MM-DD` (UTC), the JSON Schema `date` format. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
export const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);
export const addSeconds = (date: Date, seconds: number): Date => addMs(date, seconds * 1000);
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Adds calendar months in UTC, clamping to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });

/** A priced line as the catalog's OrderLine. */
export interface PricedLine {
  quantity: number;
  unitPrice: Money;
  discount?: Money;
}

/** Units times unit price, before the line discount. */
export const lineGross = (line: PricedLine): number => line.unitPrice.amount * line.quantity;
/** What the line costs after its own discount (never negative). */
export const lineNet = (line: PricedLine): number => Math.max(0, lineGross(line) - (line.discount?.amount ?? 0));

/** Cuts text to a schema's maxLength, marking the cut. */
export const clip = (text: string, maxLength: number): string => (text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`);

/** A domain rule refused a command; the message is acknowledged and nothing is published. */
export interface Rejection<R extends string> {
  readonly outcome: 'rejected';
  readonly reason: R;
  readonly detail: string;
}

export const reject = <R extends string>(reason: R, detail: string): Rejection<R> => ({ outcome: 'rejected', reason, detail });

/** An event a domain object wants published, with the message id to publish it under. */
export interface Emitted<P> {
  readonly messageId: string;
  readonly payload: P;
}

/** A command that can never succeed as sent (it contradicts stored data): the handler throws, the message is dead-lettered after its retries. */
export class DomainConflictError extends Error {
  override readonly name = 'DomainConflictError';
}
