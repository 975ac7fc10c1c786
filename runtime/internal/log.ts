/**
 * Structured logging. The runtime logs events (a short kebab-case name) with fields, never
 * formatted prose, and never a URL that still carries its password: every URL passes through
 * `redactUrl` before it reaches a logger or an error message.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function levelFromEnv(): LogLevel {
  const value = process.env['CATWIRE_LOG_LEVEL'];
  return value !== undefined && value in rank ? (value as LogLevel) : 'info';
}

/**
 * One JSON object per line on stderr (or `write`): `{"time":…,"level":"warn","event":"connection-lost",…}`.
 * The level defaults to `CATWIRE_LOG_LEVEL`, else `info`.
 */
export function createJsonLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = rank[options.level ?? levelFromEnv()];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: Exclude<LogLevel, 'silent'>) => (event: string, fields?: LogFields) => {
    if (rank[level] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, jsonSafe));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

// Errors have no enumerable fields; log their message and code instead of `{}`.
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return code === undefined ? value.message : { message: value.message, code };
  }
  return value;
}

/** `amqp://user:secret@host/vhost` → `amqp://user:***@host/vhost`. Unparseable input is scrubbed by pattern. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** Removes a secret from free text (error messages from libraries may echo what they were given). */
export function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
