/**
 * A service's contract module: plain data (names, kinds, exchanges, routing keys, schemas,
 * topology) plus the phantom payload types the runtime infers producers and handlers from.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc, literal, str } from './text.js';

export interface ContractMessageView {
  readonly key: string;
  readonly doc: readonly string[];
  readonly payloadType: string;
  readonly responseType: string | undefined;
  readonly data: {
    readonly id: string;
    readonly version: string;
    readonly kind: string;
    readonly exchange: string;
    readonly routingKey: string;
  };
  readonly schemaName: string;
  readonly responseSchemaName: string | undefined;
  /** Queries: the error names the handler may refuse with (typed on both sides); undefined otherwise. */
  readonly errors?: readonly string[] | undefined;
  /** Older majors bridged while other services pin them; printed only when there are any. */
  readonly bridges?: readonly ContractBridgeView[] | undefined;
}

export interface ContractBridgeView {
  readonly version: string;
  readonly routingKey: string;
  readonly schemaName: string;
  readonly responseSchemaName: string | undefined;
  readonly cast: string;
  readonly castReply: string | undefined;
  /** Events: the upcaster of an old-major record, when there is one. */
  readonly upcast?: string | undefined;
}

export interface ContractView {
  readonly imports: readonly ImportView[];
  readonly doc: readonly string[];
  readonly constName: string;
  readonly typeName: string;
  readonly service: { readonly id: string; readonly name: string; readonly version: string };
  readonly queue: string;
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly sends: readonly ContractMessageView[];
  readonly receives: readonly ContractMessageView[];
  readonly topology: unknown;
  /** Business dead letters by name (`{ queue, description? }`); rendered only when there are any. */
  readonly businessDeadLetters?: Readonly<Record<string, unknown>>;
  /** Defaults and allowed values of the `{param}` placeholders; rendered only when there are any. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

function renderMessages(list: readonly ContractMessageView[]): string {
  if (list.length === 0) return '{}';
  const entries = list.map((m) => {
    const errorType = m.errors && m.errors.length > 0 ? m.errors.map(str).join(' | ') : undefined;
    const types = [m.payloadType, ...(m.responseType ? [m.responseType] : []), ...(errorType ? [errorType] : [])].join(', ');
    const fields = [
      `id: ${str(m.data.id)}`,
      `version: ${str(m.data.version)}`,
      `kind: ${str(m.data.kind)}`,
      `exchange: ${str(m.data.exchange)}`,
      `routingKey: ${str(m.data.routingKey)}`,
      `schema: ${m.schemaName}`,
      ...(m.responseSchemaName ? [`responseSchema: ${m.responseSchemaName}`] : []),
      ...(m.errors ? [`errors: [${m.errors.map(str).join(', ')}]`] : []),
      ...(m.bridges && m.bridges.length > 0 ? [`bridges: [\n${m.bridges.map(renderBridge).join('\n')}\n      ]`] : []),
    ];
    return `${jsdoc(m.doc, '    ')}    ${m.key}: defineMessage<${types}>({\n${fields.map((f) => `      ${f},`).join('\n')}\n    }),`;
  });
  return `{\n${entries.join('\n')}\n  }`;
}

function renderBridge(b: ContractBridgeView): string {
  const fields = [
    `version: ${str(b.version)}`,
    `routingKey: ${str(b.routingKey)}`,
    `schema: ${b.schemaName}`,
    ...(b.responseSchemaName ? [`responseSchema: ${b.responseSchemaName}`] : []),
    `cast: ${b.cast}`,
    ...(b.castReply ? [`castReply: ${b.castReply}`] : []),
    ...(b.upcast ? [`upcast: ${b.upcast}`] : []),
  ];
  return `        {\n${fields.map((f) => `          ${f},`).join('\n')}\n        },`;
}

export function renderContract(view: ContractView): string {
  return [
    renderImports(view.imports),
    '',
    `${jsdoc(view.doc)}export const ${view.constName} = {`,
    `  service: ${literal(view.service, '  ')},`,
    `  queue: ${str(view.queue)},`,
    `  prefetch: ${view.prefetch},`,
    `  retry: { delaysMs: [${view.retryDelaysMs.join(', ')}] },`,
    `  sends: ${renderMessages(view.sends)},`,
    `  receives: ${renderMessages(view.receives)},`,
    ...(Object.keys(view.businessDeadLetters ?? {}).length > 0 ? [`  businessDeadLetters: ${literal(view.businessDeadLetters, '  ')},`] : []),
    `  topology: ${literal(view.topology, '  ')},`,
    ...(Object.keys(view.parameters).length > 0 ? [`  parameters: ${literal(view.parameters, '  ')},`] : []),
    '} as const satisfies ServiceContract;',
    '',
    `export type ${view.typeName} = typeof ${view.constName};`,
    '',
  ].join('\n');
}
