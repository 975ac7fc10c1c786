/**
 * The typed producer and consumer modules of a service, and its index. They hold types and
 * one start function; all behaviour is the runtime's.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc } from './text.js';

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
  return [
    renderImports(imports),
    '',
    jsdoc([
      `The handlers ${view.serviceLabel} must provide: exactly one per message it receives.`,
      view.receives.length > 0 ? `Handlers: ${view.receives.join(', ')}.` : 'It receives nothing.',
    ]) + `export type ${view.handlers} = Handlers<${view.contractType}>;`,
    '',
    jsdoc([`What a handler of ${view.serviceLabel} gets besides the payload: the envelope and a producer that carries the correlation.`]) +
      `export type ${view.context} = HandlerContext<${view.contractType}>;`,
    '',
    jsdoc([
      `Starts ${view.serviceLabel}: declares its topology, consumes its queue with these handlers`,
      'and returns the running service with its typed producer.',
    ]) +
      `export function ${view.start}(\n  transport: Transport,\n  handlers: ${view.handlers},\n  options: Omit<ServiceOptions<${view.contractType}>, "handlers"> = {},\n): Promise<Service<${view.contractType}>> {\n  return startService(transport, ${view.contractConst}, { ...options, handlers });\n}`,
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
