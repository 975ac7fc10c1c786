/**
 * Hostile corpus, class "values the broker refuses": each catalog holds a value RabbitMQ would
 * refuse when a service starts (a name beyond 255 bytes, a reserved `amq.` name, prefetch, TTL or
 * delivery limit out of range, a topic wildcard in a routing key). catwire reports each as a
 * catalog error in validate, generate and check, and writes no code for it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { BASE_FILES, type FileMap } from '../helpers/catalog-fixture.js';
import { channel, consumer, consumerAmqp, eventId, eventWith } from '../generators/model/fixtures.js';
import { hostileSuite, type CaseResult, type HostileCase } from './harness.js';

const refused = (name: string, files: FileMap, code: string, says: string): HostileCase => ({
  name,
  files: { ...BASE_FILES, ...files },
  exit: 1,
  codes: [code],
  says: [says],
  verify: nothingGenerated,
});

/** Refused input gets no code: generate stops before writing. */
function nothingGenerated(result: CaseResult): void {
  expect(existsSync(path.join(result.project, 'generated', 'index.ts'))).toBe(false);
}

hostileSuite('values the broker refuses', [
  refused('an exchange name of 300 ASCII bytes', channel('x'.repeat(300)), 'CW015', 'is 300 bytes (UTF-8); RabbitMQ refuses names longer than 255 bytes'),
  refused('an exchange name of 128 characters but 256 UTF-8 bytes', channel('é'.repeat(128)), 'CW015', 'is 256 bytes (UTF-8)'),
  refused('an exchange in the reserved amq. namespace', channel('amq.orders'), 'CW015', 'which RabbitMQ reserves for its own exchanges'),
  refused('amq.topic declared as a direct exchange', channel('amq.topic', { 'x-amqp': { exchange: { type: 'direct' } } }), 'CW015', "RabbitMQ's own durable topic exchange"),
  refused('prefetch 65,536', consumerAmqp({ prefetch: 65_536 }), 'CW050', 'prefetch 65,536 is above 65,535'),
  refused('prefetch of 10^30', consumerAmqp({ prefetch: 1e30 }), 'CW050', 'is above 65,535'),
  refused('a retry delay of 2^32 ms', consumerAmqp({ retry: { delaysMs: [2 ** 32] } }), 'CW050', 'the longest message TTL RabbitMQ accepts'),
  refused('a delivery limit of 2^31', consumerAmqp({ queue: { type: 'quorum', deliveryLimit: 2 ** 31 } }), 'CW050', 'the delivery limit 2,147,483,648 is above'),
  refused('a negative delivery limit', consumerAmqp({ queue: { type: 'quorum', deliveryLimit: -1 } }), 'CW050', 'the delivery limit must be a positive integer'),
  // A queue is named like the service's folder, cut to 100 bytes and a hash (naming.ts), so a long service id is accepted.
  { name: 'a service id of 5,000 characters (its queue name is cut)', files: { ...BASE_FILES, 'services/Consumer/index.mdx': { ...consumer, id: `c${'o'.repeat(4999)}` } }, exit: 0 },
  refused('a message id of 5,000 characters (its routing key)', eventId(`t${'x'.repeat(4999)}`), 'CW015', 'made from the message id, is 5,003 bytes'),
  refused('a declared routing key of 256 bytes', eventWith({ 'x-amqp': { routingKey: 'k'.repeat(256) } }), 'CW015', 'is 256 bytes (UTF-8); RabbitMQ refuses routing keys'),
  refused('a message id with "*" as a word', eventId('order.*'), 'CW014', 'has the topic wildcard "*" as a word'),
  refused('a message id that is "#"', eventId('#'), 'CW014', 'routing key "#.v1", made from the message id, has the topic wildcard "#"'),
  refused('a declared routing key with "#" as a word', eventWith({ 'x-amqp': { routingKey: 'orders.#.created' } }), 'CW014', 'has the topic wildcard "#" as a word'),
  { name: "RabbitMQ's own amq.topic used as the topic exchange it is", files: { ...BASE_FILES, ...channel('amq.topic') }, exit: 0 },
  { name: 'a name of exactly 255 bytes', files: { ...BASE_FILES, ...channel('x'.repeat(255)) }, exit: 0 },
]);
