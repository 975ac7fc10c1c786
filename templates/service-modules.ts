/**
 * The typed producer and consumer modules of a service, and its index. They hold types and
 * one start function; all behaviour is the runtime's.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc, str } from './text.js';

export interface ServiceModulesView {
  readonly runtimeImport: string;
  readonly serviceLabel: string;
  readonly contractConst: string;
  readonly contractType: string;
  readonly producer: string;
  readonly handlers: string;
  readonly context: string;
  readonly start: string;
  readonly sends: readonly string[];
  readonly receives: readonly string[];
  /** The configured type of `ctx.deps`: imported type-only as `alias`; the start function then requires `deps`. */
  readonly deps?: { readonly from: string; readonly type: string; readonly alias: string } | undefined;
}

export function renderProducer(view: ServiceModulesView): string {
  return [
    renderImports([
      { from: view.runtimeImport, names: [{ name: 'Producer', type: true }] },
      { from: './contract.js', names: [{ name: view.contractType, type: true }] },
    ]),
    '',
    jsdoc([
      `The typed producer of ${view.serviceLabel}: one method per message it sends`,
      `(events publish, commands send, queries request and resolve with the typed reply).`,
      view.sends.length > 0 ? `Methods: ${view.sends.join(', ')}.` : 'It sends nothing.',
    ]) + `export type ${view.producer} = Producer<${view.contractType}>;`,
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
  ];
  const deps = view.deps;
  // With deps, the type arguments carry them and the start function cannot be called without them.
  const typeArgs = deps ? `${view.contractType}, ${deps.alias}` : view.contractType;
  const options = deps
    ? `options: Omit<ServiceOptions<${typeArgs}>, "handlers" | "deps"> & { readonly deps: ${deps.alias} },`
    : `options: Omit<ServiceOptions<${typeArgs}>, "handlers"> = {},`;
  return [
    renderImports(imports) + (deps ? `\nimport type { ${deps.type === deps.alias ? deps.type : `${deps.type} as ${deps.alias}`} } from ${str(deps.from)};` : ''),
    '',
    jsdoc([
      `The handlers ${view.serviceLabel} must provide: exactly one per message it receives.`,
      view.receives.length > 0 ? `Handlers: ${view.receives.join(', ')}.` : 'It receives nothing.',
    ]) + `export type ${view.handlers} = Handlers<${typeArgs}>;`,
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
