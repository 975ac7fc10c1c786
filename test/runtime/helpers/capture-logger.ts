import type { LogFields, Logger } from '../../../runtime/index.js';

export interface CapturedLine {
  readonly level: string;
  readonly event: string;
  readonly fields: LogFields;
}

/** A logger that keeps every line, to assert on events and on what is never printed. */
export function captureLogger(): Logger & { lines: CapturedLine[]; text(): string; events(): string[] } {
  const lines: CapturedLine[] = [];
  const at = (level: string) => (event: string, fields: LogFields = {}) => void lines.push({ level, event, fields });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => JSON.stringify({ level: l.level, event: l.event, ...l.fields }, (_k, v: unknown) => (v instanceof Error ? v.message : v))).join('\n'),
    events: () => lines.map((l) => l.event),
  };
}
