/**
 * Shared by the service tests: an in-memory transport, probes that record what a contract
 * receives, schema checks for domain events, a fixed clock and payload fixtures.
 */
import { randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  createMemoryTransport,
  silentLogger,
  startService,
  type Envelope,
  type Handlers,
  type JsonSchema,
  type Logger,
  type MessageContract,
  type PayloadOf,
  type Service,
  type ServiceContract,
  type Transport,
} from '../../../runtime/index.js';
import type { Emitted } from '../../../system/domain/shared/index.js';

export const logger = silentLogger;

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A logger that keeps what it is told, to wait for outcomes that publish nothing (refusals, duplicates). */
export function recordingLogger(): Logger & { readonly entries: LogEntry[]; find(event: string, fields?: Record<string, unknown>): LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (event: string, fields: Readonly<Record<string, unknown>> = {}) => void entries.push({ level, event, fields });
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    find: (event, fields = {}) => entries.filter((e) => e.event === event && Object.entries(fields).every(([k, v]) => e.fields[k] === v)),
  };
}

export function memoryTransport(): Transport {
  return createMemoryTransport({ params: { env: 'test' }, logger: silentLogger });
}

export interface Received<P = unknown> {
  readonly key: string;
  readonly payload: P;
  readonly envelope: Envelope;
}

export interface Probe<C extends ServiceContract> {
  readonly service: Service<C>;
  readonly received: Received[];
  /** Payloads received for one key of `contract.receives`, in order. */
  of<K extends keyof C['receives'] & string>(key: K): PayloadOf<C['receives'][K]>[];
  /** Everything received for one key, with envelopes. */
  all<K extends keyof C['receives'] & string>(key: K): Received<PayloadOf<C['receives'][K]>>[];
}

/** Starts `contract` with a handler for every message it receives that only records it. */
export async function startProbe<C extends ServiceContract>(transport: Transport, contract: C): Promise<Probe<C>> {
  const received: Received[] = [];
  const handlers = Object.fromEntries(
    Object.keys(contract.receives).map((key) => [key, async (payload: unknown, ctx: { envelope: Envelope }) => void received.push({ key, payload, envelope: ctx.envelope })]),
  ) as unknown as Handlers<C>;
  const service = await startService(transport, contract, { handlers, logger: silentLogger });
  const all = (key: string) => received.filter((r) => r.key === key);
  return {
    service,
    received,
    all: all as Probe<C>['all'],
    of: ((key: string) => all(key).map((r) => r.payload)) as Probe<C>['of'],
  };
}

/**
 * A contract that only listens to events (e.g. ones no service of the catalog consumes, like
 * NotificationSent or InvoiceGenerated), with a queue of its own, for `startProbe`.
 */
export function listenerContract<R extends Record<string, MessageContract<any, any>>>(name: string, receives: R) {
  const messages = Object.values(receives);
  return {
    service: { id: name, name, version: '1.0.0' },
    queue: name,
    prefetch: 20,
    retry: { delaysMs: [] as number[] },
    sends: {} as Record<never, never>,
    receives,
    topology: {
      exchanges: [...new Set(messages.map((m) => m.exchange))].map((exchange) => ({ name: exchange, type: 'topic' as const, durable: true })),
      queues: [
        { name, role: 'main' as const, type: 'classic' as const },
        { name: `${name}.dlq`, role: 'dead-letter' as const, type: 'classic' as const },
      ],
      bindings: messages.map((m) => ({ exchange: m.exchange, queue: name, routingKey: m.routingKey })),
    },
  } satisfies ServiceContract;
}

type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const compiled = new Map<JsonSchema, ValidateFunction>();

/** The schema errors of each payload as text; `expect(schemaErrors(...)).toEqual([])`. */
export function schemaErrors(schema: JsonSchema | undefined, ...payloads: readonly (Emitted<unknown> | undefined)[]): string[] {
  if (schema === undefined) throw new Error('no schema');
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  const errors: string[] = [];
  for (const emitted of payloads) {
    if (!emitted) continue;
    if (!validate(emitted.payload)) errors.push(ajv.errorsText(validate.errors));
  }
  return errors;
}

/** A clock that stands still until moved. */
export function fixedClock(start = '2025-03-01T10:00:00.000Z') {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  clock.advance = (ms: number) => void (now += ms);
  clock.set = (iso: string) => void (now = new Date(iso).getTime());
  return clock;
}

export const uuid = (): string => randomUUID();

export const address = {
  recipientName: 'Maya Jansen',
  line1: 'Keizersgracht 123',
  city: 'Amsterdam',
  postalCode: '1015 CJ',
  countryCode: 'NL',
};

export const card = (token = 'tok_visa_4242424242', cardLast4 = '4242') => ({ type: 'card' as const, token, cardLast4 });

export const eur = (amount: number) => ({ amount, currency: 'EUR' });
