/**
 * Casters between two majors of a message: a generated one (its steps derived from the two
 * schemas) and the user-owned stub made where no derivation exists.
 */
import { renderImports, type ImportView } from './imports.js';
import { MANAGED_END, MANAGED_START } from './stub.js';
import { jsdoc, literal, str } from './text.js';

export type CasterStepView =
  | { readonly op: 'copy'; readonly from: string; readonly to: string; readonly fallback?: { readonly value: unknown } }
  | { readonly op: 'default'; readonly to: string; readonly value: unknown };

export interface CasterView {
  readonly imports: readonly ImportView[];
  /** e.g. `downcasts order-placed 2.0.0 to 1.0.0` */
  readonly what: string;
  readonly functionName: string;
  readonly fromType: string;
  readonly toType: string;
  /** `identity` when neither version has a schema. */
  readonly steps: readonly CasterStepView[] | 'identity';
}

function stepLine(step: CasterStepView): string {
  const to = `to[${str(step.to)}]`;
  if (step.op === 'default') return `  ${to} = ${literal(step.value, '  ')};`;
  const from = `from[${str(step.from)}]`;
  if (step.fallback) return `  ${to} = ${from} !== undefined ? ${from} : ${literal(step.fallback.value, '  ')};`;
  return `  if (${from} !== undefined) ${to} = ${from};`;
}

export function renderCaster(view: CasterView): string {
  const body =
    view.steps === 'identity'
      ? [`  return payload as unknown as ${view.toType};`]
      : [
          '  const from = payload as unknown as Readonly<Record<string, unknown>>;',
          '  const to: Record<string, unknown> = {};',
          ...view.steps.map(stepLine),
          `  return to as unknown as ${view.toType};`,
        ];
  return [
    renderImports(view.imports),
    '',
    jsdoc([
      `${view.what[0]?.toUpperCase() ?? ''}${view.what.slice(1)}, field by field as derived from the two schemas:`,
      'fields of the same name and shape are copied, a renamed one (x-catwire-renamed-from) is',
      'copied under its other name, a missing one takes its default, the rest is left out.',
    ]).trimEnd(),
    `export function ${view.functionName}(payload: ${view.fromType}): ${view.toType} {`,
    ...body,
    '}',
    '',
  ].join('\n');
}

/** What an untouched caster stub throws; the contract tests recognise a stub by it. */
export function casterStubMessage(what: string, file: string): string {
  return `not implemented: the caster that ${what} (${file})`;
}

export interface CasterStubView {
  readonly imports: readonly ImportView[];
  readonly what: string;
  /** The stub's project-relative path, named in what it throws. */
  readonly file: string;
  /** Why catwire could not derive it. */
  readonly reason: string;
  readonly functionName: string;
  readonly fromType: string;
  readonly toType: string;
}

export function renderCasterStub(view: CasterStubView): string {
  return [
    jsdoc([
      `The caster that ${view.what}, while other services still use the older major.`,
      `catwire could not derive it from the schemas: ${view.reason}.`,
      '',
      'This file is yours: `catwire generate` created it once and never rewrites it. The contract',
      'tests fail until it no longer throws; the next generate after the last pin moves stops using it.',
    ]).trimEnd(),
    MANAGED_START,
    renderImports(view.imports),
    MANAGED_END,
    '',
    `export function ${view.functionName}(payload: ${view.fromType}): ${view.toType} {`,
    `  throw new Error(${str(casterStubMessage(view.what, view.file))});`,
    '}',
    '',
  ].join('\n');
}
