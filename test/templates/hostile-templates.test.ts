/**
 * Every template, fed every hostile string of the corpus (test/hostile/strings.ts) in every field
 * of its view that carries catalog text, prints text in which none of it became code: the
 * output parses, no INJECTED identifier appears outside strings and comments, no template
 * literal opens, no comment line starts a TypeScript directive, no source-map URL is left for a
 * tool to follow. Names reach templates only through the naming rules, so they are built with
 * `identifier` from the same strings. The compiled-and-run proof on a whole generated project is
 * test/hostile/injection-run.test.ts.
 */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { typeDeclarations } from '../../generators/emit/type-declarations.js';
import { identifier } from '../../generators/model/naming.js';
import { renderContract, type ContractMessageView } from '../../templates/contract.js';
import { renderContractTest, renderContractTestData, type ContractTestView } from '../../templates/contract-test.js';
import { renderContractTestSupport } from '../../templates/contract-test-support.js';
import { mdHeader, tsHeader } from '../../templates/header.js';
import { renderImports } from '../../templates/imports.js';
import { renderConsumer, renderProducer, renderServiceIndex, type ServiceModulesView } from '../../templates/service-modules.js';
import { renderStub, renderStubIndex } from '../../templates/stub.js';
import { renderTopologyMarkdown } from '../../templates/topology-md.js';
import { renderTypeModule } from '../../templates/types-module.js';
import { HOSTILE_STRINGS } from '../hostile/strings.js';

const TS_DIRECTIVE = /^\s*(?:\/|\*)*\s*@ts-/;

/** Fails unless `text` is TypeScript in which no catalog text became code. */
function expectInert(text: string): void {
  const parsed = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  expect(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? []).toEqual([]);
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    const tokenText = scanner.getTokenText();
    if (token === ts.SyntaxKind.Identifier) expect(tokenText).not.toBe('INJECTED');
    expect(token, 'a template literal').not.toBe(ts.SyntaxKind.TemplateHead);
    if (token === ts.SyntaxKind.MultiLineCommentTrivia || token === ts.SyntaxKind.SingleLineCommentTrivia) {
      for (const line of tokenText.split(/\r\n?|[\n\u2028\u2029]/)) expect(line, 'a directive in a comment').not.toMatch(TS_DIRECTIVE);
    }
  }
  expect(text).not.toMatch(/source(?:Mapping)?URL=/);
}

const names = (style: 'pascal' | 'camel', fallback: string) => HOSTILE_STRINGS.map((s, i) => `${identifier(s, style, fallback)}${i}`);
const hostileObject = Object.fromEntries(HOSTILE_STRINGS.map((s, i) => [s, [s, { [s]: i }]]));

describe.each(HOSTILE_STRINGS.map((s, i) => [i, s] as const))('templates with hostile string #%i', (_i, evil) => {
  const message = (key: string): ContractMessageView => ({
    key,
    doc: [evil, `${evil} again`],
    payloadType: identifier(evil, 'pascal', 'Message'),
    responseType: undefined,
    data: { id: evil, version: evil, kind: evil, exchange: evil, routingKey: evil },
    schemaName: identifier(`${evil} schema`, 'camel', 'messageSchema'),
    responseSchemaName: undefined,
  });

  it('header: fixed text and a hash, no catalog text', () => {
    expectInert(`${tsHeader('0123abcd.ef')}export {};\n`);
    expect(mdHeader('0123abcd.ef')).toMatch(/^(<!--[^\n]*-->\n)+\n$/);
  });

  it('imports', () => {
    expectInert(renderImports([{ from: evil, names: [{ name: identifier(evil, 'pascal', 'Name'), type: true }] }]));
  });

  it('types-module, with declarations json-schema-to-typescript printed from a hostile schema', async () => {
    const props = Object.fromEntries(
      HOSTILE_STRINGS.map((s) => [
        s,
        { title: s, description: s, type: 'string', enum: [s, evil], const: s, default: s, examples: [s], tsType: s, $comment: s, format: s },
      ]),
    );
    const schema = {
      $id: evil, title: evil, description: evil, type: 'object', properties: props,
      patternProperties: { [evil]: { type: 'string', description: evil }, [`${evil}*/${evil}*/`]: { type: 'number' } },
      definitions: { [evil]: { title: evil, type: 'object', tsType: evil, properties: { [evil]: { type: 'array', items: { type: 'string' }, minItems: evil, maxItems: evil } } } },
      required: [evil],
      additionalProperties: { tsType: evil, description: evil },
      allOf: [{ $ref: `#/definitions/${encodeURIComponent(evil).replace(/~/g, '~0').replace(/%2F/gi, '~1')}` }],
      enumHolder: { type: 'string', enum: HOSTILE_STRINGS, tsEnumNames: HOSTILE_STRINGS },
    };
    const declarations = await typeDeclarations({ schema, cwd: process.cwd(), name: identifier(evil, 'pascal', 'Message'), doc: [evil] }).catch(
      // A $ref the resolver cannot follow is json-schema-to-typescript's error, not an injection: compile without it.
      () => typeDeclarations({ schema: { ...schema, allOf: [] }, cwd: process.cwd(), name: identifier(evil, 'pascal', 'Message'), doc: [evil] }),
    );
    expectInert(renderTypeModule({ runtimeImport: evil, doc: [evil], payloadDeclarations: declarations, schemaName: identifier(evil, 'camel', 'schema'), schema, response: { declarations: `export type R = string;`, schemaName: 'rSchema', schema: hostileObject } }));
  });

  it('contract', () => {
    expectInert(
      renderContract({
        imports: [{ from: evil, names: [{ name: 'defineMessage', type: false }, { name: 'ServiceContract', type: true }] }],
        doc: [evil], constName: identifier(`${evil} contract`, 'camel', 'contract'), typeName: identifier(evil, 'pascal', 'Contract'),
        service: { id: evil, name: evil, version: evil }, queue: evil, prefetch: 1, retryDelaysMs: [1],
        sends: names('camel', 'publish').map(message), receives: names('camel', 'handle').map(message), topology: hostileObject,
        parameters: { [evil]: { default: evil, enum: [evil, `${evil}*/`] } },
      }),
    );
  });

  /** A message whose every catalog-given text is hostile; names are identifiers, as the model gives them. */
  const serviceMessage = (kind: 'event' | 'command' | 'query', verb: string) => ({
    key: identifier(`${verb} ${evil}`, 'camel', verb), summary: evil, kind, label: evil, exchange: evil, routingKey: evil,
    payloadType: 'T', responseType: kind === 'query' ? 'T' : undefined,
  });

  it('service-modules (producer, consumer, index)', () => {
    const view: ServiceModulesView = {
      runtimeImport: evil, serviceLabel: evil, contractConst: identifier(evil, 'camel', 'c'), contractType: identifier(evil, 'pascal', 'C'),
      producer: 'P', handlers: 'H', context: 'X', start: identifier(`start ${evil}`, 'camel', 'start'),
      sends: [serviceMessage('event', 'publish'), serviceMessage('query', 'request')], receives: [serviceMessage('command', 'handle'), serviceMessage('query', 'answer')],
      typeImports: [{ from: evil, names: [{ name: 'T', type: true }] }],
    };
    for (const text of [renderProducer(view), renderConsumer(view), renderServiceIndex(view)]) expectInert(text);
  });

  it('stub and stub index', () => {
    expectInert(renderStub({ imports: [{ from: evil, names: [{ name: 'T', type: true }] }], messageLabel: evil, serviceLabel: evil, summary: evil, functionName: identifier(evil, 'camel', 'handle'), payloadType: 'T', contextType: 'T', returnType: 'Promise<void>' }));
    expectInert(renderStubIndex({ serviceLabel: evil, handlersType: identifier(evil, 'pascal', 'H'), exports: [{ name: identifier(evil, 'camel', 'h'), from: evil }] }));
  });

  it('contract-test and its data module', () => {
    const key = identifier(`publish ${evil}`, 'camel', 'publish');
    const view: ContractTestView = {
        serviceLabel: evil, serviceId: evil, catalogFile: evil, external: false, supportImport: evil, dataImport: evil, handlersImport: evil, handlersIndex: evil,
        services: [
          { id: evil, contractConst: 'a', start: 'startA', from: evil, replies: { [key]: hostileObject } },
          { id: `${evil}2`, contractConst: 'b', start: 'startB', from: evil, replies: {} },
        ],
        sends: [{ key, label: evil, payloads: [{ name: evil, payload: hostileObject }] }],
        receives: [{ key: identifier(evil, 'camel', 'm'), label: evil, file: evil, stub: evil }],
        pairs: [
          { sendKey: key, label: evil, consumer: { id: `${evil}2`, label: evil, key: 'k' }, query: true, missing: undefined, exchange: evil, routingKey: evil, envelope: { type: evil, version: evil, source: evil } },
          { sendKey: key, label: evil, consumer: { id: evil, label: evil, key: 'k' }, query: false, missing: evil, exchange: evil, routingKey: evil, envelope: { type: evil, version: evil, source: evil } },
        ],
    };
    expectInert(renderContractTest(view));
    expectInert(renderContractTestData(view) ?? '');
  });

  it('contract-test-support', () => {
    expectInert(renderContractTestSupport({ runtimeImport: evil, params: { [evil]: evil, env: evil } }));
  });

  it('topology-md: labels stay labels (no markup, no line or fence break)', () => {
    const md = renderTopologyMarkdown({
      exchanges: [{ id: 'x1', name: evil, type: evil }],
      services: [{ id: 's1', label: evil, queue: { id: 'q1', name: evil, retries: [evil], dlq: evil }, publishes: [{ exchange: 'x1', routingKey: evil }] }],
      bindings: [{ exchange: 'x1', queue: 'q1', routingKey: evil }],
    });
    const diagram = md.slice(md.indexOf('```mermaid'), md.lastIndexOf('```'));
    // One fence open and one close, every diagram line a node or an edge, labels without raw markup.
    expect(md.match(/```/g)).toHaveLength(2);
    for (const line of diagram.split('\n').slice(2, -1)) {
      expect(line).toMatch(/^ {2}[a-z]\d+/);
      for (const label of line.match(/"[^"]*"/g) ?? []) expect(label.replace(/<br\/>/g, '')).not.toMatch(/[<>`\r\n\u2028\u2029]/);
    }
  });
});
