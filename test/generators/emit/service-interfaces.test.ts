/**
 * The explicit producer and handlers interfaces of the committed generated/ code: compiled under
 * strict, and their guards fail to compile once an interface drifts from the runtime's mapped
 * types (a member dropped, added, or typed differently).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers/run-cli.js';

const SERVICE = path.join(REPO, 'generated/services/order-service');
const PRODUCER = path.join(SERVICE, 'producer.ts');
const CONSUMER = path.join(SERVICE, 'consumer.ts');

const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error('tsconfig.json did not parse');
const options = { ...config.options, noUnusedLocals: true };
/** Parsed files shared by every compile (the libraries, the runtime), so that each costs the checking only. */
const parsed = new Map<string, ts.SourceFile | undefined>();

type Edit = (text: string) => string;

/** Compiles the service's modules under the project's strict settings, their text edited. */
function errorsWith(editProducer: Edit, editConsumer: Edit): string[] {
  const edited = new Map([[PRODUCER, editProducer(readFileSync(PRODUCER, 'utf8'))], [CONSUMER, editConsumer(readFileSync(CONSUMER, 'utf8'))]]);
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => {
    const text = edited.get(path.resolve(name));
    if (text !== undefined) return ts.createSourceFile(name, text, language);
    if (!parsed.has(name)) parsed.set(name, parse(name, language));
    return parsed.get(name);
  };
  const program = ts.createProgram({ rootNames: [PRODUCER, CONSUMER], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Replaces exactly one occurrence, so that a test cannot pass by editing nothing. */
function once(from: string | RegExp, to: string): Edit {
  return (text) => {
    const out = text.replace(from, to);
    if (out === text) throw new Error(`nothing to replace: ${String(from)}`);
    return out;
  };
}

const same: Edit = (text) => text;

describe('explicit producer and handlers interfaces', () => {
  it('compile under strict (and noUnusedLocals) as generated', () => {
    expect(errorsWith(same, same)).toEqual([]);
  }, 180_000);

  it('name every method with its payload type, and every handler with its context', () => {
    const producer = readFileSync(PRODUCER, 'utf8');
    expect(producer).toContain('export interface OrderServiceProducer {');
    expect(producer).toContain('  readonly publishOrderCreated: (payload: OrderCreated, options?: SendOptions) => Promise<void>;');
    expect(producer).toContain('   * Publishes event order-created@2.0.0 to exchange `order-management.{env}.events` with routing key `order-created.v2`.');
    const consumer = readFileSync(CONSUMER, 'utf8');
    expect(consumer).toContain('export interface OrderServiceHandlers {');
    expect(consumer).toContain('  readonly getOrder: (payload: GetOrder, ctx: OrderServiceContext) => Promise<GetOrderResponse> | GetOrderResponse;');
  });

  // Each compile drifts the producer one way and the handlers another; each guard names its member.
  it.each([
    ['a method dropped / a reply type changed', once(/\n {2}\/\*\*\n(?: {3}\*.*\n)+ {2}readonly publishOrderCompleted: .*;/, ''), 'publishOrderCompleted', once('=> Promise<GetOrderResponse> | GetOrderResponse;', '=> Promise<GetOrder> | GetOrder;'), 'getOrder'],
    ['a method added / a handler dropped', once('export interface OrderServiceProducer {', 'export interface OrderServiceProducer {\n  readonly publishNothing: (payload: string) => Promise<void>;'), 'publishNothing', once(/\n {2}\/\*\*\n(?: {3}\*.*\n)+ {2}readonly cancelOrder: .*;/, ''), 'cancelOrder'],
    ['a payload type changed / a handler added', once('publishOrderCreated: (payload: OrderCreated,', 'publishOrderCreated: (payload: OrderCompleted,'), 'publishOrderCreated', once('export interface OrderServiceHandlers {', 'export interface OrderServiceHandlers {\n  readonly handleNothing: (payload: string) => void;'), 'handleNothing'],
  ])('fail to compile when %s', (_what, editProducer, producerMember, editConsumer, consumerMember) => {
    const errors = errorsWith(editProducer, editConsumer);
    for (const member of [producerMember, consumerMember]) {
      expect(errors.some((e) => e.includes('does not satisfy the constraint') && e.includes(member)), `${member}:\n${errors.join('\n---\n')}`).toBe(true);
    }
  }, 180_000);
});
