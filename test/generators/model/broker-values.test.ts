/**
 * Values RabbitMQ refuses at start-up are catalog errors: names beyond 255 bytes, reserved
 * `amq.` names, prefetch, TTL and delivery-limit ranges, and topic wildcards in routing keys.
 */
import { describe, expect, it } from 'vitest';
import { BASE_FILES, type FileMap } from '../../helpers/catalog-fixture.js';
import { channel, consumer, consumerAmqp, event, eventId } from './fixtures.js';
import { report } from './report.js';

const broker = (files: FileMap) => report({ ...BASE_FILES, ...files }, ['CW014', 'CW015', 'CW050']);

describe('values RabbitMQ refuses', () => {
  it('an exchange name beyond 255 bytes, counted in UTF-8', async () => {
    expect(await broker(channel('é'.repeat(128)))).toMatchInlineSnapshot(`
      [
        "CW015 channels/bus/index.mdx:8 address — exchange name "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé…" is 256 bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes. Shorten the channel's address.",
      ]
    `);
  });

  it('a name of 255 bytes is fine', async () => {
    expect(await broker(channel('x'.repeat(255)))).toEqual([]);
  });

  it('an exchange name in the reserved amq. namespace', async () => {
    expect(await broker(channel('amq.orders'))).toMatchInlineSnapshot(`
      [
        "CW015 channels/bus/index.mdx:8 address — exchange name "amq.orders" starts with "amq.", which RabbitMQ reserves for its own exchanges. Give the channel an address that does not start with "amq.".",
      ]
    `);
  });

  it("RabbitMQ's own amq.topic is usable as the topic exchange it is, not as a direct one", async () => {
    expect(await broker(channel('amq.topic'))).toEqual([]);
    expect(await broker(channel('amq.topic', { 'x-amqp': { exchange: { type: 'direct' } } }))).toMatchInlineSnapshot(`
      [
        "CW015 channels/bus/index.mdx:8 address — exchange amq.topic is RabbitMQ's own durable topic exchange; declaring it as a direct exchange is refused. Use it as a durable topic exchange, or give the channel an address of its own.",
      ]
    `);
  });

  it('prefetch above 65,535', async () => {
    expect(await broker(consumerAmqp({ prefetch: 65_536 }))).toMatchInlineSnapshot(`
      [
        "CW050 services/Consumer/index.mdx:11 x-amqp.prefetch — prefetch 65,536 is above 65,535, the most RabbitMQ accepts. Write a whole number from 1 to 65535.",
      ]
    `);
    expect(await broker(consumerAmqp({ prefetch: 65_535 }))).toEqual([]);
  });

  it('a retry delay above 2^32-1 ms', async () => {
    expect(await broker(consumerAmqp({ retry: { delaysMs: [1000, 2 ** 32] } }))).toMatchInlineSnapshot(`
      [
        "CW050 services/Consumer/index.mdx:12 x-amqp.retry.delaysMs — retry delay 4,294,967,296 ms is above 4,294,967,295 ms (about 49 days), the longest message TTL RabbitMQ accepts. Write delays up to 4294967295 ms.",
      ]
    `);
    expect(await broker(consumerAmqp({ retry: { delaysMs: [2 ** 32 - 1] } }))).toEqual([]);
  });

  it('a delivery limit out of range', async () => {
    expect(await broker(consumerAmqp({ queue: { type: 'quorum', deliveryLimit: 2 ** 31 } }))).toMatchInlineSnapshot(`
      [
        "CW050 services/Consumer/index.mdx:13 x-amqp.queue.deliveryLimit — the delivery limit 2,147,483,648 is above 2,147,483,647, the most RabbitMQ accepts. Write a whole number such as 10.",
      ]
    `);
    expect(await broker(consumerAmqp({ queue: { type: 'quorum', deliveryLimit: 0 } }))).toMatchInlineSnapshot(`
      [
        "CW050 services/Consumer/index.mdx:13 x-amqp.queue.deliveryLimit — the delivery limit must be a positive integer. Write a whole number such as 10.",
      ]
    `);
  });

  it('a long service id gives a queue name cut to 100 bytes and a hash, which RabbitMQ accepts', async () => {
    // Names made from ids are cut for the file system (naming.ts NOT_TOO_LONG); the queue is named
    // like the service's folder, so it stays far below the broker's 255 bytes by construction.
    expect(await broker({ 'services/Consumer/index.mdx': { ...consumer, id: `c${'o'.repeat(250)}` } })).toEqual([]);
  });

  it('a routing key beyond 255 bytes, made from a long message id or declared', async () => {
    expect(await broker(eventId(`thing-${'x'.repeat(250)}`))).toMatchInlineSnapshot(`
      [
        "CW015 services/Producer/events/ThingHappened/index.mdx:2 id — routing key "thing-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…", made from the message id, is 259 bytes (UTF-8); RabbitMQ refuses routing keys longer than 255 bytes. Shorten the message id, or set a shorter x-amqp.routingKey.",
      ]
    `);
    expect(await broker({ 'services/Producer/events/ThingHappened/index.mdx': { ...event, 'x-amqp': { routingKey: 'k'.repeat(256) } } })).toMatchInlineSnapshot(`
      [
        "CW015 services/Producer/events/ThingHappened/index.mdx:10 x-amqp.routingKey — routing key "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…" is 256 bytes (UTF-8); RabbitMQ refuses routing keys longer than 255 bytes. Write a shorter key.",
      ]
    `);
  });
});

describe('routing keys are never topic patterns by accident', () => {
  it('a message id with "*" as a word', async () => {
    expect(await broker(eventId('order.*'))).toMatchInlineSnapshot(`
      [
        "CW014 services/Producer/events/ThingHappened/index.mdx:2 id — routing key "order.*.v1", made from the message id, has the topic wildcard "*" as a word, so on topic exchange catwire.events its receivers would also get every message the pattern matches. Give the message an id without "*" or "#" between dots, or set x-amqp.routingKey to a literal key.",
      ]
    `);
  });

  it('a declared routing key with "#" as a word', async () => {
    expect(await broker({ 'services/Producer/events/ThingHappened/index.mdx': { ...event, 'x-amqp': { routingKey: 'orders.#' } } })).toMatchInlineSnapshot(`
      [
        "CW014 services/Producer/events/ThingHappened/index.mdx:10 x-amqp.routingKey — routing key "orders.#" has the topic wildcard "#" as a word, so on topic exchange catwire.events its receivers would also get every message the pattern matches. Write a literal key, without "*" or "#" between dots.",
      ]
    `);
  });

  it('"*" inside a word is literal, and a direct exchange has no wildcards', async () => {
    expect(await broker(eventId('order*'))).toEqual([]);
    expect(await broker({ ...channel('bus', { 'x-amqp': { exchange: { type: 'direct' } } }), ...eventId('order.*', 'bus') })).toEqual([]);
  });
});
