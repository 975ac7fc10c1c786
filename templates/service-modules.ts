/**
 * The typed producer and consumer modules of a service, and its index. They hold types and
 * one start function; all behaviour is the runtime's.
 *
 * The producer and the handlers are spelled out as interfaces, one documented member per
 * message, so that a reader (and an editor's completion) sees the methods, payload types and
 * where each message goes without expanding the runtime's mapped types. A compile-time guard
 * beside each interface checks it against the mapped type both ways, so the two cannot drift.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc, str } from './text.js';

export interface ServiceMessageView {
  /** Producer method or handler name. */
  readonly key: string;
  /** The message's summary, when the catalog gives one. */
  readonly summary: string | undefined;
  readonly kind: 'event' | 'command' | 'query';
  /** `id@version`. */
  readonly label: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly payloadType: string;
  /** The reply type of a query. */
  readonly responseType: string | undefined;
}

export interface ServiceModulesView {
  readonly runtimeImport: string;
  readonly serviceLabel: string;
  readonly contractConst: string;
  readonly contractType: string;
  readonly producer: string;
  readonly handlers: string;
  readonly context: string;
  readonly start: string;
  readonly sends: readonly ServiceMessageView[];
  readonly receives: readonly ServiceMessageView[];
  /** Where the payload and reply types of this module's messages come from. */
  readonly typeImports: readonly ImportView[];
  /** The configured type of `ctx.deps`: imported type-only as `alias`; the start function then requires `deps`. */
  readonly deps?: { readonly from: string; readonly type: string; readonly alias: string } | undefined;
}

const SENDING = { event: 'Publishes', command: 'Sends', query: 'Requests' } as const;

function producerMember(m: ServiceMessageView): string {
  const reply = m.responseType
    ? `Resolves with the reply (\`${m.responseType}\`); rejects on timeout.`
    : 'Resolves once the broker has confirmed it.';
  const options = m.responseType ? 'RequestOptions' : 'SendOptions';
  return (
    jsdoc([
      ...(m.summary ? [m.summary, ''] : []),
      `${SENDING[m.kind]} ${m.kind} ${m.label} to exchange \`${m.exchange}\` with routing key \`${m.routingKey}\`.`,
      reply,
    ]) + `readonly ${m.key}: (payload: ${m.payloadType}, options?: ${options}) => Promise<${m.responseType ?? 'void'}>;`
  );
}

function handlerMember(m: ServiceMessageView, context: string): string {
  const result = m.responseType ?? 'void';
  return (
    jsdoc([
      ...(m.summary ? [m.summary, ''] : []),
      `Handles ${m.kind} ${m.label}, from exchange \`${m.exchange}\` with routing key \`${m.routingKey}\`.`,
      m.responseType
        ? `Returns the reply (\`${m.responseType}\`) the requester receives; \`throw ctx.refuse(reason)\` answers with one of the query's declared errors.`
        : 'A thrown error is retried, then dead-lettered; `throw ctx.fail(reason)` dead-letters it at once.',
    ]) + `readonly ${m.key}: (payload: ${m.payloadType}, ctx: ${context}) => Promise<${result}> | ${result};`
  );
}

const indent = (text: string) => text.replace(/^(?=.)/gm, '  ');

function interfaceOf(name: string, members: readonly string[]): string {
  return members.length === 0 ? `export interface ${name} {}` : `export interface ${name} {\n${members.map(indent).join('\n')}\n}`;
}

/**
 * The guard: `Assignable<A, B>` fails to compile unless A is assignable to B, naming the member
 * that differs. Exported so that no compiler setting reports it unused; nothing else uses it.
 */
function guard(name: string, own: string, runtime: string, what: string): string {
  return (
    jsdoc([`Compile-time guard: ${own} and the runtime's \`${runtime}\` accept each other, so ${what} cannot drift from the contract.`]) +
    `export type ${name} = [Assignable<${own}, ${runtime}>, Assignable<${runtime}, ${own}>];\ntype Assignable<From extends To, To> = From;`
  );
}

export function renderProducer(view: ServiceModulesView): string {
  const runtime = `Producer<${view.contractType}>`;
  const optionTypes = new Set(view.sends.map((m) => (m.responseType ? 'RequestOptions' : 'SendOptions')));
  return [
    renderImports([
      { from: view.runtimeImport, names: ['Producer', ...optionTypes].map((name) => ({ name, type: true })) },
      { from: './contract.js', names: [{ name: view.contractType, type: true }] },
      ...view.typeImports,
    ]),
    '',
    jsdoc([
      `The typed producer of ${view.serviceLabel}: one method per message it sends`,
      view.sends.length > 0 ? '(events publish, commands send, queries request and resolve with the typed reply).' : 'It sends nothing.',
    ]) + interfaceOf(view.producer, view.sends.map(producerMember)),
    '',
    guard(`${view.producer}Guard`, view.producer, runtime, 'the producer'),
    '',
  ].join('\n');
}

export function renderConsumer(view: ServiceModulesView): string {
  const imports: ImportView[] = [
    {
      from: view.runtimeImport,
      names: ['Handlers', 'HandlerContext', 'Service', 'ServiceOptions', 'Transport'].map((name) => ({ name, type: true })).concat({ name: 'startService', type: false }),
    },
    { from: './contract.js', names: [{ name: view.contractConst, type: false }, { name: view.contractType, type: true }] },
    ...view.typeImports,
  ];
  const deps = view.deps;
  // With deps, the type arguments carry them and the start function cannot be called without them.
  const typeArgs = deps ? `${view.contractType}, ${deps.alias}` : view.contractType;
  const options = deps
    ? `options: Omit<ServiceOptions<${typeArgs}>, "handlers" | "deps"> & { readonly deps: ${deps.alias} },`
    : `options: Omit<ServiceOptions<${typeArgs}>, "handlers"> = {},`;
  const runtime = `Handlers<${typeArgs}>`;
  return [
    renderImports(imports) + (deps ? `\nimport type { ${deps.type === deps.alias ? deps.type : `${deps.type} as ${deps.alias}`} } from ${str(deps.from)};` : ''),
    '',
    jsdoc([
      `The handlers ${view.serviceLabel} must provide: exactly one per message it receives.`,
      ...(view.receives.length > 0 ? [] : ['It receives nothing.']),
    ]) + interfaceOf(view.handlers, view.receives.map((m) => handlerMember(m, view.context))),
    '',
    guard(`${view.handlers}Guard`, view.handlers, runtime, 'the handlers'),
    '',
    jsdoc([
      `What a handler of ${view.serviceLabel} gets besides the payload: the envelope and a producer that carries the correlation` +
        (deps ? `, and \`deps\` (${deps.type}) as passed to ${view.start}.` : '.'),
    ]) + `export type ${view.context} = HandlerContext<${typeArgs}>;`,
    '',
    jsdoc([
      `Starts ${view.serviceLabel}: declares its topology, consumes its queue with these handlers`,
      'and returns the running service with its typed producer.',
    ]) +
      `export function ${view.start}(\n  transport: Transport,\n  handlers: ${view.handlers},\n  ${options}\n): Promise<Service<${view.contractType}>> {\n  return startService${deps ? `<${typeArgs}>` : ''}(transport, ${view.contractConst}, { ...options, handlers });\n}`,
    '',
  ].join('\n');
}

export function renderServiceIndex(view: ServiceModulesView): string {
  return [
    `export { ${view.contractConst}, type ${view.contractType} } from "./contract.js";`,
    `export { ${view.start}, type ${view.context}, type ${view.handlers} } from "./consumer.js";`,
    `export type { ${view.producer} } from "./producer.js";`,
    '',
  ].join('\n');
}
