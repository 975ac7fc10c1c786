/**
 * Hostile corpus, classes "crashes" and "bounded work" on the generator's side: names that
 * collide with what generated modules import or declare, that cannot start an identifier, that
 * no file system accepts as a file name; property names that are Object's own members; and
 * schemas that recurse, nest thousands deep, or ask for samples of absurd size. Each ends in
 * code that compiles (checked under the project's strict settings) or in a diagnostic.
 */
import type { FileMap } from '../helpers/catalog-fixture.js';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { hostileSuite, type HostileCase } from './harness.js';
import { compilableProject, expectCompiles, expectInertFiles } from './inert.js';

const SCHEMA_FILE = 'services/Producer/events/ThingHappened/schema.json';
const draft07 = 'http://json-schema.org/draft-07/schema#';

function withSchema(schema: Record<string, unknown>): FileMap {
  return { ...BASE_FILES, [SCHEMA_FILE]: { $schema: draft07, ...schema } };
}

/** A producer sending, and a consumer receiving, one event per id. */
function catalogOf(ids: readonly string[], services: { producer?: string; consumer?: string } = {}, routingKeys = false): FileMap {
  const files: Record<string, string | object> = { 'teams/core.mdx': { id: 'core', name: 'Core', summary: 'Core' } };
  ids.forEach((id, i) => {
    // A routing key of its own keeps a long id's key under the broker's 255 bytes (else CW015).
    const amqp = routingKeys ? { 'x-amqp': { routingKey: `e${i}.v1` } } : {};
    files[`events/E${i}/index.mdx`] = { id, name: id, version: '1.0.0', summary: 's', owners: ['core'], schemaPath: 'schema.json', ...amqp };
    files[`events/E${i}/schema.json`] = { $schema: draft07, type: 'object', properties: { id: { type: 'string' } } };
  });
  files['services/P/index.mdx'] = { id: services.producer ?? 'producer', name: 'P', version: '1.0.0', summary: 's', owners: ['core'], sends: ids.map((id) => ({ id })) };
  files['services/C/index.mdx'] = { id: services.consumer ?? 'consumer', name: 'C', version: '1.0.0', summary: 's', owners: ['core'], receives: ids.map((id) => ({ id })) };
  return files;
}

const compiles = { setup: ({ project }: { project: string }) => compilableProject(project), verify: ({ project }: { project: string }) => expectCompiles(project) };

/** `depth` objects nested through `properties.child`. */
function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { child: schema } };
  return schema;
}

const cases: HostileCase[] = [
  {
    name: 'ids that shadow what generated modules import or declare',
    files: catalogOf(['json-schema', 'handlers', 'handler-context', 'service', 'start-service', 'define-message', 'transport', 'service-contract', 'producer'], { producer: 'service', consumer: 'handler' }),
    exit: 0,
    ...compiles,
  },
  {
    name: 'ids whose first character can continue but not start an identifier',
    files: catalogOf(['\u0301accent', '\u203Fconnector', '\u00B7middle-dot', '\u0663arabic-digit', '\u200Dzero-width-joiner', '\uFEFFbom'], { producer: '\u0301svc', consumer: '\u203Fsvc' }),
    exit: 0,
    ...compiles,
  },
  {
    name: 'ids of 5,000 characters',
    files: catalogOf([`${'a'.repeat(5_000)}`, `${'é'.repeat(4_999)}x`, `${'a'.repeat(4_999)}b`], { producer: 'p'.repeat(5_000), consumer: 'c'.repeat(5_000) }, true),
    exit: 0,
    ...compiles,
  },
  {
    name: "property names that are Object's own members",
    files: withSchema({
      type: 'object',
      required: ['hasOwnProperty', '__proto__'],
      properties: Object.fromEntries(['hasOwnProperty', '__proto__', 'constructor', 'toString', 'valueOf', 'then', 'prototype'].map((k) => [k, { type: 'string', title: k }])),
    }),
    exit: 0,
    ...compiles,
  },
  {
    name: 'a recursive schema through oneOf and allOf (Spring-style), which compiles',
    files: withSchema({
      type: 'object',
      required: ['root'],
      properties: { root: { $ref: '#/definitions/Node' }, category: { $ref: '#/definitions/Category' } },
      definitions: {
        Node: { type: 'object', properties: { children: { type: 'array', items: { oneOf: [{ $ref: '#/definitions/Leaf' }, { $ref: '#/definitions/Node' }] } } } },
        Leaf: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } },
        Category: { allOf: [{ $ref: '#/definitions/Leaf' }, { type: 'object', properties: { parent: { $ref: '#/definitions/Category' } } }] },
      },
    }),
    exit: 0,
    ...compiles,
  },
  {
    name: 'a $ref cycle that never nests (oneOf back to itself)',
    files: withSchema({ type: 'object', properties: { id: { $ref: '#/definitions/U' } }, definitions: { U: { oneOf: [{ type: 'string' }, { $ref: '#/definitions/U' }] } } }),
    exit: 1,
    codes: ['CW049'],
    says: ['/definitions/U — refers back to itself without nesting (#/definitions/U → #/definitions/U/oneOf/1 → #/definitions/U)'],
  },
  {
    name: 'a circular allOf between two definitions',
    files: withSchema({
      type: 'object',
      properties: { id: { $ref: '#/definitions/A' } },
      definitions: { A: { allOf: [{ $ref: '#/definitions/B' }] }, B: { allOf: [{ $ref: '#/definitions/A' }] } },
    }),
    exit: 1,
    codes: ['CW049'],
    says: ['#/definitions/A → #/definitions/A/allOf/0 → #/definitions/B → #/definitions/B/allOf/0 → #/definitions/A'],
  },
  {
    name: 'the root referring to itself in place',
    files: withSchema({ anyOf: [{ type: 'string' }, { $ref: '#' }] }),
    exit: 1,
    codes: ['CW049'],
  },
  {
    name: 'a schema nested 5,000 levels deep',
    // Written as text: serializing it here would overflow this process's stack first.
    files: { ...BASE_FILES, [SCHEMA_FILE]: `${'{"type":"object","properties":{"child":'.repeat(5_000)}{"type":"string"}${'}}'.repeat(5_000)}` },
    exit: 1,
    // The loader's bound (128 levels) refuses it before the schema checks' own (200) would.
    codes: ['CW025'],
    says: ['nests objects or arrays more than 128 levels deep'],
  },
  {
    name: 'a schema nested 60 levels deep, which compiles',
    files: withSchema(nested(60)),
    exit: 0,
    verify: ({ project }) => expectInertFiles(project),
  },
  {
    name: 'a 10,000-value enum',
    files: withSchema({ type: 'object', properties: { id: { type: 'string', enum: Array.from({ length: 10_000 }, (_, i) => `value-${i}`) } } }),
    exit: 0,
  },
  {
    name: 'samples that would be a billion items or characters long',
    files: withSchema({
      type: 'object',
      required: ['list', 'text'],
      properties: { list: { type: 'array', minItems: 1_000_000_000, items: { type: 'string' } }, text: { type: 'string', minLength: 1_000_000_000 } },
    }),
    exit: 0,
  },
  {
    name: 'samples a hundred wide and six deep',
    files: withSchema(
      [1, 2, 3, 4, 5, 6].reduce<Record<string, unknown>>((inner) => ({ type: 'array', minItems: 100, items: inner }), { type: 'string' }),
    ),
    exit: 0,
  },
];

hostileSuite('generated names and bounded work', cases);
