/**
 * Handler stubs: created once per received message, owned by the developer from then on.
 * Only the lines between the `catwire:managed` markers and the handler's signature types are
 * ever touched again by `catwire generate`.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc, str } from './text.js';
import { withArticle } from './english.js';

export const MANAGED_START = '// catwire:managed-imports (updated by catwire generate)';
export const MANAGED_END = '// catwire:end-managed-imports';

export interface StubView {
  readonly imports: readonly ImportView[];
  readonly messageLabel: string;
  readonly serviceLabel: string;
  readonly summary: string | undefined;
  readonly functionName: string;
  readonly payloadType: string;
  readonly contextType: string;
  readonly returnType: string;
}

/** What an untouched stub throws; the contract tests recognise a stub by it. */
export function stubMessage(messageLabel: string, serviceLabel: string): string {
  return `not implemented: ${messageLabel} in ${serviceLabel}`;
}

export function renderStub(view: StubView): string {
  return [
    jsdoc([
      `Handles ${view.messageLabel}, received by ${view.serviceLabel}.`,
      ...(view.summary ? ['', view.summary] : []),
      '',
      'This file is yours: `catwire generate` created it once and never rewrites your code. On',
      'regeneration it only refreshes the managed imports below and the types in the signature.',
    ]).trimEnd(),
    MANAGED_START,
    renderImports(view.imports),
    MANAGED_END,
    '',
    `export async function ${view.functionName}(payload: ${view.payloadType}, ctx: ${view.contextType}): ${view.returnType} {`,
    `  throw new Error(${str(stubMessage(view.messageLabel, view.serviceLabel))});`,
    '}',
    '',
  ].join('\n');
}

export interface StubIndexView {
  readonly serviceLabel: string;
  readonly handlersType: string;
  readonly exports: readonly { readonly name: string; readonly from: string }[];
}

export function renderStubIndex(view: StubIndexView): string {
  return [
    jsdoc([
      `The handlers of ${view.serviceLabel}, one export per received message: pass this module`,
      `(\`import * as handlers from ...\`) where ${withArticle(view.handlersType)} is expected.`,
      '',
      'This file is yours; `catwire generate` only appends exports for new messages.',
    ]).trimEnd(),
    ...view.exports.map((e) => renderStubExport(e)),
    '',
  ].join('\n');
}

export function renderStubExport(e: { readonly name: string; readonly from: string }): string {
  return `export { ${e.name} } from ${str(e.from)};`;
}
