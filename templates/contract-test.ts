/**
 * A service's contract tests against the catalog: every sent message has a producer method
 * and its examples and samples validate; every received message has a real handler (unless the
 * service is external); every message it sends reaches each service that receives it, with the
 * exchange, routing key and envelope the catalog implies.
 */
import { jsdoc, literal, propertyKey, str } from './text.js';

export interface ServiceRefView {
  readonly id: string;
  readonly contractConst: string;
  readonly start: string;
  readonly from: string;
  /** Replies of the recording handlers, by handler key (queries only). */
  readonly replies: Readonly<Record<string, unknown>>;
}

export interface SendView {
  readonly key: string;
  readonly label: string;
  readonly payloads: readonly { readonly name: string; readonly payload: unknown }[];
}

export interface ReceiveView {
  readonly key: string;
  readonly label: string;
  readonly file: string;
  readonly stub: string;
}

export interface PairView {
  readonly sendKey: string;
  readonly label: string;
  readonly consumer: { readonly id: string; readonly label: string; readonly key: string };
  readonly query: boolean;
  readonly missing: string | undefined;
  /** Set when the catalog already knows the message never arrives (another major): the test fails with it at once. */
  readonly never?: string | undefined;
  readonly exchange: string;
  readonly routingKey: string;
  readonly envelope: { readonly type: string; readonly version: string; readonly source: string };
  /** Queries: the errors the receiver's handler may refuse with; each must reach the requester typed. */
  readonly refusals?: readonly string[] | undefined;
  /** Events and commands: the receiver's business dead letters; a permanent failure must land in each. */
  readonly deadLetters?: readonly { readonly name: string; readonly queue: string }[] | undefined;
  /**
   * A bridged pair (another major, docs/versions.md): what the receiver gets instead of the sent
   * payload (`unchecked` where a person writes the caster: the runtime validated it on receive),
   * the suffix of a downcast copy's derived message id, and the reply the old caller gets.
   */
  readonly bridged?: {
    readonly payload: { readonly value: unknown } | 'unchecked';
    readonly idSuffix: string | undefined;
    readonly reply?: { readonly value: unknown } | 'unchecked' | undefined;
  };
}

export interface ContractTestView {
  readonly serviceLabel: string;
  readonly serviceId: string;
  readonly catalogFile: string;
  readonly external: boolean;
  readonly supportImport: string;
  /** The sibling module holding the payloads and replies the tests use (see renderContractTestData). */
  readonly dataImport: string;
  /** The user's handlers index, when handlers are checked: as imported, and as a file to fix. */
  readonly handlersImport: string | undefined;
  readonly handlersIndex: string;
  /** The service itself first, then the services receiving what it sends. */
  readonly services: readonly ServiceRefView[];
  readonly sends: readonly SendView[];
  readonly receives: readonly ReceiveView[];
  readonly pairs: readonly PairView[];
}


function renderSend(s: SendView): string {
  return [
    `  it(${str(`sends ${s.label} with ${s.key}; its examples and samples validate`)}, async () => {`,
    `    await assertValidPayloads(sender.producer.${s.key}, ${str(s.label)}, payloads.${s.key});`,
    '  }, TIMEOUT_MS);',
  ].join('\n');
}

/** Each sent message's payloads, printed once: its own test tries them all, each pair the first. */
function renderPayloads(sends: readonly SendView[]): string[] {
  const entries = sends.map((s) => {
    const list = s.payloads.map((p) => `    ${literal({ name: p.name, payload: p.payload }, '    ')},`);
    return list.length === 0 ? `  ${propertyKey(s.key)}: [],` : [`  ${propertyKey(s.key)}: [`, ...list, '  ],'].join('\n');
  });
  return [
    '/** What each message the service sends is tried with: the catalog\'s examples and generated samples. */',
    'export const payloads = {',
    ...entries,
    '} as const;',
    '',
  ];
}

function renderReceive(r: ReceiveView, view: ContractTestView): string {
  if (view.external) return `  it.skip(${str(`handles ${r.label} with ${r.key} — external system: handled outside this project`)}, () => {});`;
  return [
    `  it(${str(`handles ${r.label} with ${r.key}`)}, () => {`,
    `    assertHandled(handlers, { ...handlerSite, key: ${str(r.key)}, file: ${str(r.file)}, stub: ${str(r.stub)} });`,
    '  });',
  ].join('\n');
}

/** What every handler check of the service reports when it fails: where to fix it. */
function renderHandlerSite(view: ContractTestView): string[] {
  return [
    '/** Where a missing or unfinished handler of this service is fixed. */',
    `const handlerSite = { index: ${str(view.handlersIndex)}, service: ${str(view.serviceLabel)}, catalogFile: ${str(view.catalogFile)} };`,
    '',
  ];
}

/** A bridged pair's entry in the data module's `bridged`: the sent message and its receiver. */
const bridgedKey = (p: PairView) => `${p.sendKey} → ${p.consumer.id}.${p.consumer.key}`;

/** What receivers on another major get of the first sample (and what an old caller gets back), where a generated caster says. */
function renderBridged(pairs: readonly PairView[]): string[] {
  const entries = pairs.flatMap((p) => {
    const b = p.missing === undefined && p.never === undefined ? p.bridged : undefined;
    if (!b) return [];
    const parts = [
      ...(b.payload !== 'unchecked' ? [`payload: ${literal(b.payload.value, '    ')}`] : []),
      ...(b.reply !== undefined && b.reply !== 'unchecked' ? [`reply: ${literal(b.reply.value, '    ')}`] : []),
    ];
    return parts.length === 0 ? [] : [`  ${str(bridgedKey(p))}: {\n    ${parts.join(',\n    ')},\n  },`];
  });
  if (entries.length === 0) return [];
  return [
    '/** What a receiver on another major gets of the first sample, cast by the generated caster, and what an old caller gets back. */',
    'export const bridged = {',
    ...entries,
    '} as const;',
    '',
  ];
}

function renderPair(p: PairView): string {
  const name = `${p.label} reaches ${p.consumer.label} (${p.consumer.key})`;
  if (p.missing !== undefined) return `  it.todo(${str(`${name}: ${p.missing}`)});`;
  if (p.never !== undefined) return `  it(${str(name)}, () => {\n    throw new Error(${str(p.never)});\n  });`;
  const b = p.bridged;
  const receivedId = b?.idSuffix ? `\`\${messageId}${b.idSuffix}\`` : 'messageId';
  const expected = `bridged[${str(bridgedKey(p))}]`;
  const expectedReply = b?.reply === undefined ? `replies[${str(p.consumer.id)}].${p.consumer.key}` : b.reply === 'unchecked' ? undefined : `${expected}.reply`;
  const sent = `sendSample(sender.producer.${p.sendKey}, payload, messageId)`;
  return [
    `  it(${str(name)}, async () => {`,
    `    const { payload } = payloads.${p.sendKey}[0];`,
    '    const messageId = newMessageId();',
    p.query && expectedReply !== undefined ? `    expect(await ${sent}).toEqual(${expectedReply});` : `    await ${sent};`,
    `    const received = await recorders[${str(p.consumer.id)}].next(${str(p.consumer.key)}, ${receivedId});`,
    ...(b === undefined ? ['    expect(received.payload).toEqual(payload);'] : b.payload === 'unchecked' ? [] : [`    expect(received.payload).toEqual(${expected}.payload);`]),
    `    expect(received.delivery).toEqual({ exchange: run.exchange(${str(p.exchange)}), routingKey: run.routingKey(${str(p.routingKey)}) });`,
    `    expect(received.envelope).toMatchObject({ ${receivedId === 'messageId' ? 'messageId' : `messageId: ${receivedId}`}, type: ${str(p.envelope.type)}, version: ${str(p.envelope.version)}, source: ${str(p.envelope.source)} });`,
    '  }, TIMEOUT_MS);',
  ].join('\n');
}

/** What a receiver can say about a failure of this pair's message: typed refusals (queries), business dead letters (the rest). */
function renderPairFailures(p: PairView): string[] {
  if (p.missing !== undefined || p.never !== undefined) return [];
  const name = `${p.label} reaches ${p.consumer.label} (${p.consumer.key})`;
  const recorder = `recorders[${str(p.consumer.id)}]`;
  const tests: string[] = [];
  if (p.refusals && p.refusals.length > 0) {
    tests.push(
      [
        `  it(${str(`${name}: its refusals (${p.refusals.join(', ')}) reject the request with QueryRefusedError`)}, async () => {`,
        `    const { payload } = payloads.${p.sendKey}[0];`,
        `    for (const reason of [${p.refusals.map(str).join(', ')}]) {`,
        '      const messageId = newMessageId();',
        `      ${recorder}.refuse(messageId, reason);`,
        `      await assertRefused(sendSample(sender.producer.${p.sendKey}, payload, messageId), ${str(p.label)}, reason);`,
        '    }',
        '  }, TIMEOUT_MS);',
      ].join('\n'),
    );
  }
  for (const d of p.deadLetters ?? []) {
    tests.push(
      [
        `  it(${str(`${name}: a permanent failure to business dead letter ${d.name} lands in ${d.queue}`)}, async () => {`,
        `    const { payload } = payloads.${p.sendKey}[0];`,
        '    const messageId = newMessageId();',
        `    ${recorder}.fail(messageId, ${str(d.name)});`,
        `    await sendSample(sender.producer.${p.sendKey}, payload, messageId);`,
        `    await assertDeadLettered(run, messageId, ${str(p.label)}, run.queue(${str(d.queue)}));`,
        '  }, TIMEOUT_MS);',
      ].join('\n'),
    );
  }
  return tests;
}

export function renderContractTest(view: ContractTestView): string {
  const [self, ...consumers] = view.services;
  if (!self) throw new Error('a contract test needs its service');
  const sending = view.pairs.some((p) => p.missing === undefined && p.never === undefined);
  const failures = view.pairs.map(renderPairFailures);
  const refusing = view.pairs.some((p, i) => (failures[i] ?? []).length > 0 && (p.refusals?.length ?? 0) > 0);
  const deadLettering = view.pairs.some((p, i) => (failures[i] ?? []).length > 0 && (p.deadLetters?.length ?? 0) > 0);
  const usesExpect = sending || view.sends.length === 0;
  const imports: string[] = [
    `import { afterAll, beforeAll, describe, ${usesExpect ? 'expect, ' : ''}it } from "vitest";`,
    ...(view.handlersImport ? [`import * as handlers from ${str(view.handlersImport)};`] : []),
    ...view.services.map((s) => `import { ${s.contractConst}${s === self ? `, type ${s.start}` : ''} } from ${str(s.from)};`),
    `import { ${['assertDeadLettered', 'assertHandled', 'assertRefused', 'assertValidPayloads', 'newMessageId', 'openContractRun', 'recorder', 'sendSample', 'type ContractRun']
      .filter((n) => (n !== 'assertHandled' || view.handlersImport) && (n !== 'assertValidPayloads' || view.sends.length > 0))
      .filter((n) => (n !== 'assertRefused' || refusing) && (n !== 'assertDeadLettered' || deadLettering))
      .filter((n) => !['newMessageId', 'sendSample'].includes(n) || sending)
      .join(', ')} } from ${str(view.supportImport)};`,
  ];
  const replies = repliesOf(view);
  const data = [...(renderBridged(view.pairs).length > 0 ? ['bridged'] : []), ...(view.sends.length > 0 ? ['payloads'] : []), ...(replies ? ['replies'] : [])];
  if (data.length > 0) imports.push(`import { ${data.join(', ')} } from ${str(view.dataImport)};`);
  const recorders = view.services.map((s) => `  ${str(s.id)}: recorder(${s.contractConst}, ${replies?.[s.id] ? `replies[${str(s.id)}]` : '{}'}),`);
  return [
    ...imports,
    '',
    jsdoc([
      `Contract tests of ${view.serviceLabel} against the catalog (${view.catalogFile}).`,
      'CATWIRE_TRANSPORT selects the transport: memory (default) or rabbitmq (with AMQP_URL).',
    ]) + 'const recorders = {',
    ...recorders,
    '};',
    '',
    '// Longer than the wait for a message (5 s), so that a message that never arrives is reported as such.',
    'const TIMEOUT_MS = 30_000;',
    '',
    ...(view.handlersImport && view.receives.length > 0 ? renderHandlerSite(view) : []),
    'let run: ContractRun;',
    `let sender: Awaited<ReturnType<typeof ${self.start}>>;`,
    '',
    'beforeAll(async () => {',
    `  run = await openContractRun([${view.services.map((s) => s.contractConst).join(', ')}]);`,
    '  // Receivers first, so that their queues are bound before anything is sent.',
    ...consumers.map((s) => `  await recorders[${str(s.id)}].start(run.transport);`),
    `  sender = await recorders[${str(self.id)}].start(run.transport);`,
    '}, TIMEOUT_MS);',
    '',
    'afterAll(async () => {',
    '  await run?.close();',
    '}, TIMEOUT_MS);',
    '',
    `describe(${str(`${view.serviceLabel} sends what the catalog says`)}, () => {`,
    view.sends.length > 0 ? view.sends.map(renderSend).join('\n\n') : `  it("sends nothing", () => {\n    expect(Object.keys(sender.producer)).toEqual([]);\n  });`,
    '});',
    ...(view.receives.length > 0 ? ['', `describe(${str(`${view.serviceLabel} handles what it receives`)}, () => {`, view.receives.map((r) => renderReceive(r, view)).join('\n\n'), '});'] : []),
    ...(view.pairs.length > 0 ? ['', `describe(${str(`what ${view.serviceLabel} sends reaches its receivers`)}, () => {`, view.pairs.flatMap((p, i) => [renderPair(p), ...(failures[i] ?? [])]).join('\n\n'), '});'] : []),
    '',
  ].join('\n');
}

/** Replies are printed once: the recording handlers answer with them, the query pairs expect them. */
function repliesOf(view: ContractTestView): Readonly<Record<string, unknown>> | undefined {
  const answering = view.services.filter((s) => Object.keys(s.replies).length > 0);
  return answering.length > 0 ? Object.fromEntries(answering.map((s) => [s.id, s.replies])) : undefined;
}

/**
 * The data of a service's contract tests, in a module beside them (`<service>.payloads.ts`), so
 * that the test file opens with the tests rather than with hundreds of lines of literals:
 * the replies the recording handlers answer queries with, and the payloads each sent message is
 * tried with. Undefined when the tests need neither.
 */
export function renderContractTestData(view: ContractTestView): string | undefined {
  const replies = repliesOf(view);
  const bridged = renderBridged(view.pairs);
  if (!replies && view.sends.length === 0 && bridged.length === 0) return undefined;
  return [
    jsdoc([`What the contract tests of ${view.serviceLabel} send and answer with (${view.catalogFile}).`]).trimEnd(),
    '',
    ...(replies ? ['/** The reply each query handler of these services answers with: a sample of its reply schema. */', `export const replies = ${literal(replies)} as const;`, ''] : []),
    ...(view.sends.length > 0 ? renderPayloads(view.sends) : []),
    ...bridged,
  ].join('\n');
}
