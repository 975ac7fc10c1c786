/**
 * Diagnostics: one grammar for every problem catwire reports about its input.
 *
 *   file:line field — problem. fix.
 *
 * Every kind has a stable code (`CW010 dangling-reference`) so CI configuration and tests can
 * rely on it; stages collect diagnostics and never throw on bad input.
 */

export type Severity = 'error' | 'warning';

/** The sections of `catwire check`'s report. */
export const CHECKS = ['catalog', 'spec-drift', 'code-drift', 'breaking'] as const;
export type Check = (typeof CHECKS)[number];

/**
 * The closed list of diagnostic kinds. Codes never change meaning once released. `check` is the
 * section of `catwire check` that reports a kind (the catalog's when absent): it is declared
 * per kind because codes are handed out in order of arrival, not grouped by check.
 */
export const DIAGNOSTIC_KINDS = {
  'invalid-frontmatter': { code: 'CW001', severity: 'error' },
  'missing-field': { code: 'CW002', severity: 'error' },
  'invalid-version': { code: 'CW003', severity: 'error' },
  'duplicate-resource': { code: 'CW004', severity: 'error' },
  'dangling-reference': { code: 'CW010', severity: 'error' },
  'version-not-found': { code: 'CW011', severity: 'error' },
  'receiver-count': { code: 'CW012', severity: 'error' },
  'major-mismatch': { code: 'CW013', severity: 'error' },
  'routing-key-pattern': { code: 'CW014', severity: 'error' },
  'broker-refuses-name': { code: 'CW015', severity: 'error' },
  'invalid-schema': { code: 'CW016', severity: 'error' },
  'invalid-example': { code: 'CW017', severity: 'warning' },
  'no-resources': { code: 'CW018', severity: 'error' },
  'foreign-protocol': { code: 'CW019', severity: 'warning' },
  'missing-file': { code: 'CW020', severity: 'error' },
  'unparsable-schema': { code: 'CW021', severity: 'error' },
  'unparsable-spec': { code: 'CW022', severity: 'error' },
  'path-escapes-root': { code: 'CW023', severity: 'error' },
  'file-too-large': { code: 'CW024', severity: 'error' },
  'nesting-too-deep': { code: 'CW025', severity: 'error' },
  'document-too-large': { code: 'CW026', severity: 'error' },
  'migration-in-progress': { code: 'CW030', severity: 'warning' },
  'caster-stub': { code: 'CW031', severity: 'error', check: 'code-drift' },
  'versioned-removable': { code: 'CW032', severity: 'warning' },
  'caster-derivable': { code: 'CW033', severity: 'warning', check: 'code-drift' },
  'unknown-owner': { code: 'CW040', severity: 'warning' },
  'unknown-key': { code: 'CW041', severity: 'warning' },
  'deprecated-in-use': { code: 'CW042', severity: 'warning' },
  'remote-reference': { code: 'CW043', severity: 'warning' },
  'latest-outside-root': { code: 'CW044', severity: 'warning' },
  'spec-lint': { code: 'CW045', severity: 'warning' },
  'codegen-keyword': { code: 'CW046', severity: 'warning' },
  'invalid-pattern': { code: 'CW047', severity: 'error' },
  'slow-pattern': { code: 'CW048', severity: 'error' },
  'unbounded-schema': { code: 'CW049', severity: 'error' },
  'invalid-extension': { code: 'CW050', severity: 'error' },
  'channel-mismatch': { code: 'CW051', severity: 'warning' },
  'non-json-schema': { code: 'CW052', severity: 'warning' },
  'no-schema': { code: 'CW053', severity: 'warning' },
  'polynomial-pattern': { code: 'CW054', severity: 'warning' },
  'name-collision': { code: 'CW055', severity: 'warning' },
  'invalid-generated-name': { code: 'CW056', severity: 'error' },
  'duplicate-generated-name': { code: 'CW057', severity: 'error' },
  'spec-operation-missing': { code: 'CW060', severity: 'error', check: 'spec-drift' },
  'spec-operation-undeclared': { code: 'CW061', severity: 'error', check: 'spec-drift' },
  'spec-payload-drift': { code: 'CW062', severity: 'error', check: 'spec-drift' },
  'invalid-spec': { code: 'CW063', severity: 'error', check: 'spec-drift' },
  'invalid-deps-config': { code: 'CW064', severity: 'error', check: 'code-drift' },
  'invalid-deps-type': { code: 'CW065', severity: 'error', check: 'code-drift' },
  'deps-outside-project': { code: 'CW066', severity: 'error', check: 'code-drift' },
  'deps-module-missing': { code: 'CW067', severity: 'error', check: 'code-drift' },
  'deps-unknown-service': { code: 'CW068', severity: 'warning', check: 'code-drift' },
  'breaking-change': { code: 'CW070', severity: 'error', check: 'breaking' },
  'version-bump-missing': { code: 'CW071', severity: 'error', check: 'breaking' },
  'generated-stale': { code: 'CW080', severity: 'error', check: 'code-drift' },
  'handler-missing': { code: 'CW081', severity: 'error', check: 'code-drift' },
  'undeclared-publish': { code: 'CW082', severity: 'error', check: 'code-drift' },
  'invalid-dead-letter': { code: 'CW083', severity: 'error' },
  'invalid-dead-letter-queue': { code: 'CW084', severity: 'error' },
  'duplicate-dead-letter': { code: 'CW085', severity: 'error' },
  'invalid-query-errors': { code: 'CW086', severity: 'error' },
} as const satisfies Record<string, { code: string; severity: Severity; check?: Exclude<Check, 'catalog'> }>;

export type DiagnosticKind = keyof typeof DIAGNOSTIC_KINDS;

export interface Diagnostic {
  /** Stable code, e.g. `CW010`. */
  readonly code: string;
  readonly kind: DiagnosticKind;
  readonly severity: Severity;
  /** Path relative to the catalog root, with forward slashes. */
  readonly file: string;
  /** 1-based line in `file`, where known. */
  readonly line: number | undefined;
  /** The frontmatter field or document path the problem is in, e.g. `sends[2].id`. */
  readonly field: string | undefined;
  /** What is wrong, as one sentence without a trailing period. */
  readonly message: string;
  /** What to do about it, as one sentence without a trailing period. */
  readonly fix: string;
}

export interface DiagnosticInput {
  readonly file: string;
  readonly line?: number | undefined;
  readonly field?: string | undefined;
  readonly message: string;
  readonly fix: string;
}

export function diagnostic(kind: DiagnosticKind, input: DiagnosticInput): Diagnostic {
  const { code, severity } = DIAGNOSTIC_KINDS[kind];
  return {
    code,
    kind,
    severity,
    file: input.file,
    line: input.line,
    field: input.field,
    message: input.message,
    fix: input.fix,
  };
}

/** Orders diagnostics by file, line, code and field, so output is stable across runs. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      compare(a.code, b.code) ||
      compare(a.field ?? '', b.field ?? '') ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line field — problem. fix.` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  const field = d.field === undefined ? '' : ` ${d.field}`;
  return `${where}${field} — ${d.message}. ${d.fix}.`;
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
