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
    super(`name "${template}" needs parameter "${parameter}"; pass params: { ${parameter}: '…' } to the transport`);
  }
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
