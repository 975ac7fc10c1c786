/**
 * What a handler may say about a failure, as the catalog declares it:
 * - a service's business dead letters (`x-amqp.businessDeadLetters`): named queues a handler's
 *   permanent failures (`ctx.fail(reason, { deadLetter })`) go to, declared with its topology;
 * - a query's errors (`x-errors`): the refusals its handler may answer with (`ctx.refuse`),
 *   which the requester receives as a typed error. A query without `x-errors` gets
 *   DEFAULT_QUERY_ERRORS; `x-errors: []` means it never refuses.
 *
 * Names become TypeScript string literal types and queue name suffixes, so they are kept to
 * lowercase kebab-case; descriptions reach generated code only as escaped comment text.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { byteLength, MAX_NAME_BYTES, shown } from './amqp.js';
import type { FileLines } from './checks.js';
import type { BusinessDeadLetterPlan, Message, QueryErrorPlan, Service } from './types.js';

export const DEFAULT_QUERY_ERRORS: readonly QueryErrorPlan[] = [
  { name: 'not-found', description: 'The query names something that does not exist.' },
  { name: 'refused', description: 'The service will not answer this query (e.g. not allowed).' },
];

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 64;
const DEAD_LETTER_KEYS = ['name', 'queue', 'description'];
const ERROR_KEYS = ['name', 'description'];

type Entry = Readonly<Record<string, unknown>>;

const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);
const validName = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_NAME_LENGTH && NAME.test(value);
const nameProblem = (value: unknown) =>
  value === undefined ? 'the name is missing' : `name ${typeof value === 'string' ? shown(value) : JSON.stringify(value) ?? String(value)} is not a lowercase kebab-case name of at most ${MAX_NAME_LENGTH} characters`;

/**
 * The business dead letters of a receiving service. `ownQueues` are the names of the service's
 * main, retry and dead-letter queues, which a dead letter's queue must not take.
 */
export function businessDeadLetters(
  service: Service,
  queue: string,
  ownQueues: readonly string[],
  receives: boolean,
  lineOf: FileLines,
  diagnostics: Diagnostic[],
): BusinessDeadLetterPlan[] {
  const amqp = service.extensions['x-amqp'];
  const declared = isEntry(amqp) ? amqp['businessDeadLetters'] : undefined;
  if (declared === undefined) return [];
  const field = 'x-amqp.businessDeadLetters';
  const at = (path: readonly (string | number)[]) => lineOf(service.file, ['x-amqp', 'businessDeadLetters', ...path]);
  const report = (kind: Parameters<typeof diagnostic>[0], path: readonly (string | number)[], message: string, fix: string) =>
    diagnostics.push(diagnostic(kind, { file: service.file, line: at(path), field: `${field}${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`, message, fix }));
  if (!Array.isArray(declared)) {
    report('invalid-dead-letter', [], 'business dead letters must be a list of { name, queue?, description? }', 'Write e.g. [{ name: payment-declined }]');
    return [];
  }
  if (!receives && declared.length > 0) {
    report('invalid-dead-letter', [], `service "${service.id}" receives no messages, so no handler of it can fail one to a dead letter`, 'Remove businessDeadLetters from this service');
    return [];
  }
  const plans: BusinessDeadLetterPlan[] = [];
  const byName = new Map<string, number>();
  const byQueue = new Map<string, number>();
  for (const [i, entry] of declared.entries()) {
    if (!isEntry(entry)) {
      report('invalid-dead-letter', [i], 'a business dead letter must be an object with a name', 'Write e.g. { name: payment-declined }');
      continue;
    }
    let ok = true;
    for (const key of Object.keys(entry).filter((k) => !DEAD_LETTER_KEYS.includes(k)).sort()) {
      ok = false;
      report('invalid-dead-letter', [i, key], `${shown(key)} is not a field of a business dead letter`, 'Use name, queue or description');
    }
    const { name, description } = entry;
    if (!validName(name)) {
      report('invalid-dead-letter', [i, 'name'], nameProblem(name), 'Write a name such as payment-declined');
      continue;
    }
    if (description !== undefined && typeof description !== 'string') {
      ok = false;
      report('invalid-dead-letter', [i, 'description'], 'the description must be text', 'Write it as a string, or remove it');
    }
    const target = entry['queue'] ?? `${queue}.dlq.${name}`;
    if (typeof target !== 'string' || target.trim() === '') {
      report('invalid-dead-letter-queue', [i, 'queue'], 'the queue must be a non-empty string', `Write a queue name, or remove it to use ${queue}.dlq.${name}`);
      continue;
    }
    const queueProblem =
      byteLength(target) > MAX_NAME_BYTES
        ? `queue name ${shown(target)} is ${byteLength(target).toLocaleString('en-US')} bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes`
        : target.startsWith('amq.')
          ? `queue name ${shown(target)} starts with "amq.", which RabbitMQ reserves for its own queues`
          : ownQueues.includes(target)
            ? `queue ${shown(target)} is one of the service's own queues (main, retry or dead-letter)`
            : undefined;
    if (queueProblem) {
      report('invalid-dead-letter-queue', [i, entry['queue'] === undefined ? 'name' : 'queue'], queueProblem, 'Write a queue name of its own, such as <service-queue>.dlq.<name>');
      continue;
    }
    const first = byName.get(name);
    if (first !== undefined) {
      report('duplicate-dead-letter', [i, 'name'], `business dead letter "${name}" is declared twice (also at [${first}])`, 'Give each dead letter a name of its own, or remove one');
      continue;
    }
    const sharing = byQueue.get(target);
    if (sharing !== undefined) {
      report('duplicate-dead-letter', [i, 'queue'], `business dead letters "${plans[sharing]?.name}" and "${name}" both use queue ${shown(target)}`, 'Give each dead letter a queue of its own');
      continue;
    }
    byName.set(name, i);
    if (!ok) continue;
    byQueue.set(target, plans.length);
    plans.push({ name, queue: target, description: typeof description === 'string' ? description : undefined });
  }
  return plans;
}

/** The errors a query declares (`x-errors`), or the default; undefined for events and commands. */
export function queryErrors(message: Message, lineOf: FileLines, diagnostics: Diagnostic[]): readonly QueryErrorPlan[] | undefined {
  const declared = message.extensions['x-errors'];
  const report = (path: readonly number[], suffix: string, text: string, fix: string) =>
    diagnostics.push(
      diagnostic('invalid-query-errors', {
        file: message.file,
        line: lineOf(message.file, ['x-errors', ...path]),
        field: `x-errors${path.map((p) => `[${p}]`).join('')}${suffix}`,
        message: text,
        fix,
      }),
    );
  if (message.kind !== 'query') {
    if (declared !== undefined) report([], '', `${message.kind} "${message.id}" has x-errors, but only a query can answer with an error`, 'Remove x-errors, or make the message a query');
    return undefined;
  }
  if (declared === undefined) return DEFAULT_QUERY_ERRORS;
  if (!Array.isArray(declared)) {
    report([], '', 'x-errors must be a list of error names (or { name, description })', 'Write e.g. [not-found, refused], or [] for a query that never refuses');
    return DEFAULT_QUERY_ERRORS;
  }
  const plans: QueryErrorPlan[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of declared.entries()) {
    const name: unknown = isEntry(entry) ? entry['name'] : entry;
    if (isEntry(entry)) {
      const unknown = Object.keys(entry).filter((k) => !ERROR_KEYS.includes(k)).sort();
      for (const key of unknown) report([i], `.${key}`, `${shown(key)} is not a field of a query error`, 'Use name and description');
      if (entry['description'] !== undefined && typeof entry['description'] !== 'string') report([i], '.description', 'the description must be text', 'Write it as a string, or remove it');
      if (unknown.length > 0) continue;
    }
    if (!validName(name)) {
      report([i], isEntry(entry) ? '.name' : '', nameProblem(name), 'Write a name such as not-found');
      continue;
    }
    if (seen.has(name)) {
      report([i], '', `error "${name}" is listed twice`, 'List each error once');
      continue;
    }
    const description = isEntry(entry) && typeof entry['description'] === 'string' ? entry['description'] : undefined;
    seen.add(name);
    plans.push({ name, description });
  }
  return plans;
}
