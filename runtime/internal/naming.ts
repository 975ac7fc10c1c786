/**
 * Broker names as the runtime writes them: `{param}` placeholders from channel addresses are
 * filled from configuration, then the deployment prefix is prepended. Names reserved by
 * RabbitMQ (`''`, the default exchange, and `amq.*`) are never prefixed.
 */

export interface Naming {
  /** Prepended to every exchange and queue name, e.g. `staging.` (default empty). */
  readonly prefix: string;
  /** Values for `{param}` placeholders, e.g. `{ env: 'prod' }`. */
  readonly params: Readonly<Record<string, string>>;
}

export const defaultNaming: Naming = { prefix: '', params: {} };

const placeholder = /\{([^{}]+)\}/g;

/** Thrown as a plain message; the caller turns it into a ContractError naming the service. */
export class MissingParameter extends Error {
  constructor(
    readonly parameter: string,
    readonly template: string,
  ) {
    super(`name "${template}" needs parameter "${parameter}"; pass params: { ${parameter}: '…' } to the transport${parameter === 'env' ? ', set CATWIRE_ENV' : ''}, or give the parameter a default in the catalog's channel`);
  }
}

/**
 * The values a contract's names are filled with: the transport's `params`, then `CATWIRE_ENV`
 * for `{env}` (so a deployment chooses its environment without code), then the catalog's default.
 */
export function contractParams(
  params: Naming['params'],
  defined: Readonly<Record<string, { readonly default?: string }>> | undefined,
  env: string | undefined = process.env['CATWIRE_ENV'],
): Naming['params'] {
  const defaults = Object.fromEntries(Object.entries(defined ?? {}).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, v.default]])));
  return { ...defaults, ...(env ? { env } : {}), ...params };
}

export function fillParams(template: string, params: Naming['params']): string {
  return template.replace(placeholder, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new MissingParameter(name, template);
    return value;
  });
}

export function resolveName(template: string, naming: Naming): string {
  const filled = fillParams(template, naming.params);
  if (filled === '' || filled.startsWith('amq.')) return filled;
  return naming.prefix + filled;
}
