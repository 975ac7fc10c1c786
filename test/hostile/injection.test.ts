/**
 * Hostile corpus, class "code chosen by the catalog's author in generated files": each catalog
 * puts attack text in one place that reaches the generator (schema keywords that
 * json-schema-to-typescript prints as code, comments, names, literals, addresses, examples).
 * Whatever else happens, generated files stay inert (inert.ts); keywords that would print code
 * are reported (CW046) and patterns are checked as the runtime compiles them (CW047, CW048).
 */
import type { FileMap } from '../helpers/catalog-fixture.js';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { hostileSuite, type HostileCase } from './harness.js';
import { expectInertFiles } from './inert.js';

const SCHEMA_FILE = 'services/Producer/events/ThingHappened/schema.json';
const EVENT_FILE = 'services/Producer/events/ThingHappened/index.mdx';
const CALL = 'INJECTED(); import("node:fs").then((f) => f.writeFileSync("@@MARKER@@", "ran"));';

/** The base catalog with the event's schema properties (and other schema keys) replaced. */
function withSchema(extra: Record<string, unknown>): FileMap {
  return {
    ...BASE_FILES,
    [SCHEMA_FILE]: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'], properties: { id: { type: 'string' } }, ...extra },
  };
}

function withEvent(fields: Record<string, unknown>, files: FileMap = BASE_FILES): FileMap {
  return {
    ...files,
    [EVENT_FILE]: { id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'A thing happened', owners: ['core'], schemaPath: 'schema.json', ...fields },
  };
}

const inert = (atLeast = 5) => ({ verify: ({ project }: { project: string }) => expectInertFiles(project, atLeast) });

const cases: HostileCase[] = [
  {
    name: 'tsType pasting a statement into the type',
    files: withSchema({ properties: { id: { type: 'string' }, x: { tsType: `string; } ${CALL} interface X {` } } }),
    exit: 0,
    codes: ['CW046'],
    says: ['/properties/x/tsType — `tsType` is an instruction to a TypeScript generator'],
    ...inert(),
  },
  {
    name: 'tsType on the root schema and in a definition',
    files: withSchema({ tsType: `never; ${CALL}`, definitions: { D: { tsType: `${CALL}` } }, properties: { id: { $ref: '#/definitions/D' } } }),
    codes: ['CW046'],
    ...inert(),
  },
  {
    name: 'tsEnumNames naming members with code',
    files: withSchema({ properties: { id: { type: 'string' }, e: { type: 'string', enum: ['a', 'b'], tsEnumNames: [`A = 1 } ${CALL} enum Q {`, 'A'] } } }),
    exit: 0,
    codes: ['CW046'],
    says: ['/properties/e/tsEnumNames'],
    ...inert(),
  },
  {
    name: 'minItems and maxItems as text that closes the doc comment',
    files: withSchema({ properties: { id: { type: 'string' }, list: { type: 'array', items: { type: 'string' }, minItems: `1 */ ${CALL} /*`, maxItems: `*/ ${CALL}` } } }),
    // Refused by the meta-schema check before any code is generated (the templates' own guard
    // against such text is tested in test/templates/hostile-templates.test.ts).
    exit: 1,
    codes: ['CW016'],
  },
  {
    name: 'a patternProperties key with two comment closers',
    files: withSchema({ patternProperties: { '^x*/ */ INJECTED; /*': { type: 'string' } } }),
    ...inert(),
  },
  {
    name: 'descriptions with comment closers, directives and a source-map URL',
    files: withSchema({
      description: `*/ ${CALL} /*\n@ts-nocheck`,
      properties: { id: { type: 'string', description: `ok\n@ts-ignore\n * @ts-expect-error\n//# sourceMappingURL=data:application/json;base64,e30=\n*/ ${CALL}` } },
    }),
    exit: 0,
    ...inert(),
  },
  {
    name: 'property names that are quotes, backticks, template holes and comment closers',
    files: withSchema({
      required: [],
      properties: Object.fromEntries(['"); INJECTED(); ("', '`${INJECTED()}`', '*/ INJECTED /*', "'", '\\', 'a\u2028b', 'sourceMappingURL=x'].map((k) => [k, { type: 'string' }])),
    }),
    exit: 0,
    ...inert(),
  },
  {
    name: 'enum, const, default and examples holding code',
    files: withSchema({
      properties: {
        id: { type: 'string', enum: [`"); ${CALL} ("`, '`${INJECTED()}`', '\u2028', '*/'] },
        c: { const: { '"); INJECTED(); ("': `${CALL}` } },
        d: { type: 'string', default: `*/ ${CALL}`, examples: [`\`${CALL}\``] },
      },
    }),
    ...inert(),
  },
  {
    name: 'titles that would name types with code',
    files: withSchema({ title: `X = 1; ${CALL}`, properties: { id: { type: 'object', title: `*/ ${CALL} /*`, properties: { n: { type: 'string', title: '`${INJECTED()}`' } } } } }),
    exit: 0,
    ...inert(),
  },
  {
    // Titles and definition keys become type names through json-schema-to-typescript's safe
    // alphabet (`*/injected();/*` → `Injected`): lower case here, so the name is not the marker.
    name: '$id and definition keys with code',
    files: withSchema({ $id: `urn:x"); ${CALL}`, definitions: { '*/injected();/*': { type: 'string', title: '*/injected();/*' } }, properties: { id: { $ref: '#/definitions/*~1injected();~1*' } } }),
    ...inert(),
  },
  {
    name: 'a $ref to a definition that does not exist',
    files: withSchema({ properties: { id: { $ref: `#/definitions/${encodeURIComponent(`*/ ${CALL} /*`)}` } } }),
    exit: 1,
    codes: ['CW010'],
    says: ['/properties/id/$ref — $ref "#/definitions/'],
  },
  {
    name: 'message id, name and summary with code',
    files: withEvent({ name: `*/ ${CALL} /*`, summary: `"); ${CALL} ("\n@ts-ignore\u2028//# sourceMappingURL=x.map` }),
    exit: 0,
    ...inert(),
  },
  {
    name: 'service names and summaries with code',
    files: {
      ...BASE_FILES,
      'services/Producer/index.mdx': { id: 'producer', name: `\`\${INJECTED()}\` */ ${CALL}`, version: '1.0.0', summary: `@ts-nocheck\n*/ ${CALL}`, owners: ['core'], sends: [{ id: 'thing-happened', version: '1.0.0' }] },
      'services/Consumer/index.mdx': { id: 'consumer', name: `"); ${CALL} ("`, version: '1.0.0', summary: '</script><script>INJECTED()</script>', owners: ['core'], receives: [{ id: 'thing-happened' }] },
    },
    exit: 0,
    ...inert(),
  },
  {
    name: 'a channel address and parameters with code',
    files: withEvent({ channels: [{ id: 'things', parameters: { env: `"); ${CALL} ("` } }] }, {
      ...BASE_FILES,
      'channels/things/index.mdx': { id: 'things', name: `*/ ${CALL}`, version: '1.0.0', summary: 's', address: 'things.{env}', protocols: ['amqp'], parameters: { env: { description: `*/ ${CALL}`, default: `"); ${CALL} ("` } } },
    }),
    ...inert(),
  },
  {
    name: 'an example payload with code in keys and values',
    files: {
      ...withSchema({ additionalProperties: true }),
      'services/Producer/events/ThingHappened/examples/evil.json': { id: `"); ${CALL} ("`, [`*/ ${CALL}`]: '`${INJECTED()}`', __proto__x: '\u2028' },
    },
    ...inert(),
  },
  {
    name: 'text with NUL, BOM, right-to-left override and look-alike letters',
    files: withEvent({ name: 'n\u0000ul \uFEFFbom \u202Eevil\u202C', summary: '\u0430dmin INJЕCTED' }, withSchema({ properties: { id: { type: 'string', description: '\u0000\uFEFF\u202E */ INJECTED' }, ['\u0430\u202E']: { type: 'string' } } })),
    ...inert(),
  },
  {
    name: 'a pattern that is not an ECMAScript regular expression',
    files: withSchema({ properties: { id: { type: 'string', pattern: '(?i)^abc$' } } }),
    exit: 1,
    codes: ['CW047'],
    says: ['/properties/id/pattern — pattern "(?i)^abc$" is not a valid ECMAScript regular expression with the u flag (Invalid group)'],
  },
  {
    name: 'a pattern valid without the u flag only',
    files: withSchema({ patternProperties: { '^\\-x$': { type: 'string' } } }),
    exit: 1,
    codes: ['CW047'],
  },
  {
    name: 'a pattern with exponential backtracking',
    files: withSchema({ properties: { id: { type: 'string', pattern: '^(a+)+$' } } }),
    exit: 1,
    codes: ['CW048'],
    says: ['pattern "^(a+)+$" can take exponential time on a string of repeated "a" characters'],
  },
  {
    name: 'a pattern with polynomial backtracking in a definition',
    files: withSchema({ definitions: { Email: { type: 'string', pattern: '^\\S+@\\S+\\.\\S+$' } }, properties: { id: { $ref: '#/definitions/Email' } } }),
    // Polynomial backtracking is a warning (CW054); only a proven exponential one is refused (CW048).
    exit: 0,
    codes: ['CW054'],
    says: ['/definitions/Email/pattern — pattern "^\\\\S+@\\\\S+\\\\.\\\\S+$" can take polynomial time'],
  },
  {
    name: 'a pattern asking for a billion repetitions',
    files: withSchema({ properties: { id: { type: 'string', pattern: '^a{1000000000}$' } } }),
    exit: 0,
    ...inert(),
  },
];

hostileSuite('injection', cases);
