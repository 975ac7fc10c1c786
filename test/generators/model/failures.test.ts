/**
 * What a handler may say about a failure, as the catalog declares it: a service's business dead
 * letters (`x-amqp.businessDeadLetters`, CW083–CW085) and a query's errors (`x-errors`, CW086).
 * Each rule's exact text is pinned; the plan's dead letters and errors are checked too.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, consumerAmqp, eventAsQuery, eventWith, producer } from './fixtures.js';
import { report } from './report.js';

const FAILURE_CODES = ['CW083', 'CW084', 'CW085', 'CW086'];
const failures = (files: FileMap) => report(files[`${EVENT}/index.mdx`] || !Object.keys(files).some((f) => f.includes('/queries/')) ? { ...BASE_FILES, ...files } : files, FAILURE_CODES);
const deadLetters = (list: unknown) => failures(consumerAmqp({ businessDeadLetters: list }));

const EVENT = 'services/Producer/events/ThingHappened';


async function plan(files: FileMap) {
  const { root, cleanup } = writeCatalog(Object.keys(files).some((f) => f.includes('/queries/')) ? files : { ...BASE_FILES, ...files });
  try {
    return (await analyzeCatalog(root, { today: '2026-11-22' })).model.codegen;
  } finally {
    cleanup();
  }
}

describe('business dead letters (x-amqp.businessDeadLetters)', () => {
  it('are planned as queues of their own, declared with the topology', async () => {
    const codegen = await plan(consumerAmqp({ businessDeadLetters: [{ name: 'thing-refused', description: 'Things we refuse' }, { name: 'audit', queue: 'audit.refusals' }] }));
    const service = codegen.services.find((s) => s.service.id === consumer['id']);
    expect(service?.businessDeadLetters).toEqual([
      { name: 'thing-refused', queue: `${service?.queue}.dlq.thing-refused`, description: 'Things we refuse' },
      { name: 'audit', queue: 'audit.refusals', description: undefined },
    ]);
    expect(service?.topology.queues.filter((q) => q.role === 'business-dead-letter').map((q) => q.name)).toEqual([`${service?.queue}.dlq.thing-refused`, 'audit.refusals']);
    expect(await deadLetters([{ name: 'thing-refused' }])).toEqual([]);
  });

  it('must be a list of objects with a kebab-case name and known fields (CW083)', async () => {
    expect(await deadLetters({ name: 'x' })).toMatchInlineSnapshot(`
      [
        "CW083 services/Consumer/index.mdx:11 x-amqp.businessDeadLetters — business dead letters must be a list of { name, queue?, description? }. Write e.g. [{ name: payment-declined }].",
      ]
    `);
    expect(await deadLetters(['thing-refused', { name: 'Thing Refused' }, { queue: 'q' }, { name: 'ok', nmae: 'typo' }, { name: 'fine', description: 3 }])).toMatchInlineSnapshot(`
      [
        "CW083 services/Consumer/index.mdx:12 x-amqp.businessDeadLetters[0] — a business dead letter must be an object with a name. Write e.g. { name: payment-declined }.",
        "CW083 services/Consumer/index.mdx:13 x-amqp.businessDeadLetters[1].name — name "Thing Refused" is not a lowercase kebab-case name of at most 64 characters. Write a name such as payment-declined.",
        "CW083 services/Consumer/index.mdx:14 x-amqp.businessDeadLetters[2].name — the name is missing. Write a name such as payment-declined.",
        "CW083 services/Consumer/index.mdx:16 x-amqp.businessDeadLetters[3].nmae — "nmae" is not a field of a business dead letter. Use name, queue or description.",
        "CW083 services/Consumer/index.mdx:18 x-amqp.businessDeadLetters[4].description — the description must be text. Write it as a string, or remove it.",
      ]
    `);
  });

  it('belong to a service that receives something (CW083)', async () => {
    expect(await failures({ 'services/Producer/index.mdx': { ...producer, 'x-amqp': { businessDeadLetters: [{ name: 'nope' }] } } })).toMatchInlineSnapshot(`
      [
        "CW083 services/Producer/index.mdx:12 x-amqp.businessDeadLetters — service "producer" receives no messages, so no handler of it can fail one to a dead letter. Remove businessDeadLetters from this service.",
      ]
    `);
  });

  it('need a queue name RabbitMQ accepts and the service does not already use (CW084)', async () => {
    expect(await deadLetters([{ name: 'a', queue: '' }, { name: 'b', queue: 'amq.b' }, { name: 'c', queue: 'q'.repeat(256) }, { name: 'd', queue: 'consumer.dlq' }])).toMatchInlineSnapshot(`
      [
        "CW084 services/Consumer/index.mdx:13 x-amqp.businessDeadLetters[0].queue — the queue must be a non-empty string. Write a queue name, or remove it to use consumer.dlq.a.",
        "CW084 services/Consumer/index.mdx:15 x-amqp.businessDeadLetters[1].queue — queue name "amq.b" starts with "amq.", which RabbitMQ reserves for its own queues. Write a queue name of its own, such as <service-queue>.dlq.<name>.",
        "CW084 services/Consumer/index.mdx:17 x-amqp.businessDeadLetters[2].queue — queue name "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq…" is 256 bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes. Write a queue name of its own, such as <service-queue>.dlq.<name>.",
        "CW084 services/Consumer/index.mdx:19 x-amqp.businessDeadLetters[3].queue — queue "consumer.dlq" is one of the service's own queues (main, retry or dead-letter). Write a queue name of its own, such as <service-queue>.dlq.<name>.",
      ]
    `);
  });

  it('have distinct names and queues (CW085)', async () => {
    expect(await deadLetters([{ name: 'one' }, { name: 'one' }, { name: 'two', queue: 'shared' }, { name: 'three', queue: 'shared' }])).toMatchInlineSnapshot(`
      [
        "CW085 services/Consumer/index.mdx:13 x-amqp.businessDeadLetters[1].name — business dead letter "one" is declared twice (also at [0]). Give each dead letter a name of its own, or remove one.",
        "CW085 services/Consumer/index.mdx:17 x-amqp.businessDeadLetters[3].queue — business dead letters "two" and "three" both use queue "shared". Give each dead letter a queue of its own.",
      ]
    `);
  });
});

describe('query errors (x-errors)', () => {
  it('default to not-found and refused; [] means the query never refuses', async () => {
    const errorsOf = async (files: FileMap) => (await plan(files)).types.map((t) => t.queryErrors?.map((e) => e.name));
    expect(await errorsOf({})).toEqual([undefined]);
    expect(await errorsOf(eventAsQuery({}))).toEqual([['not-found', 'refused']]);
    expect(await errorsOf(eventAsQuery({ 'x-errors': [] }))).toEqual([[]]);
    expect(await errorsOf(eventAsQuery({ 'x-errors': ['gone', { name: 'locked', description: 'Locked for audit' }] }))).toEqual([['gone', 'locked']]);
  });

  it('are a list of distinct kebab-case names, on queries only (CW086)', async () => {
    expect(await failures(eventAsQuery({ 'x-errors': 'not-found' }))).toMatchInlineSnapshot(`
      [
        "CW086 services/Producer/queries/ThingHappened/index.mdx:9 x-errors — x-errors must be a list of error names (or { name, description }). Write e.g. [not-found, refused], or [] for a query that never refuses.",
      ]
    `);
    expect(await failures(eventAsQuery({ 'x-errors': ['Not Found', 'gone', 'gone', { name: 'x', why: 'typo' }, { name: 7 }] }))).toMatchInlineSnapshot(`
      [
        "CW086 services/Producer/queries/ThingHappened/index.mdx:10 x-errors[0] — name "Not Found" is not a lowercase kebab-case name of at most 64 characters. Write a name such as not-found.",
        "CW086 services/Producer/queries/ThingHappened/index.mdx:12 x-errors[2] — error "gone" is listed twice. List each error once.",
        "CW086 services/Producer/queries/ThingHappened/index.mdx:13 x-errors[3].why — "why" is not a field of a query error. Use name and description.",
        "CW086 services/Producer/queries/ThingHappened/index.mdx:15 x-errors[4].name — name 7 is not a lowercase kebab-case name of at most 64 characters. Write a name such as not-found.",
      ]
    `);
    expect(await failures(eventWith({ 'x-errors': ['gone'] }))).toMatchInlineSnapshot(`
      [
        "CW086 services/Producer/events/ThingHappened/index.mdx:9 x-errors — event "thing-happened" has x-errors, but only a query can answer with an error. Remove x-errors, or make the message a query.",
      ]
    `);
  });
});
