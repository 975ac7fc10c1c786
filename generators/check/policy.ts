/**
 * The gate's policy, from the `check` section of catwire.config.json: change a rule's severity
 * (`"severity": { "CW044": "off", "CW071": "warning" }`) or allow one finding with a written
 * reason (`"allow": [{ "code": "CW070", "match": "order-created", "reason": "..." }]`).
 */
import { formatDiagnostic, type Diagnostic, type Severity } from '../diagnostics.js';

export interface CheckPolicy {
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  readonly allow?: readonly { readonly code: string; readonly match?: string; readonly reason: string }[];
}

export interface Finding extends Diagnostic {
  /** Set when the policy allows this finding: the reason written for it. */
  readonly allowed?: string;
}

export function policyProblems(policy: unknown): string[] {
  const problems: string[] = [];
  const p = (policy ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(p)) if (key !== 'severity' && key !== 'allow') problems.push(`check: unknown key "${key}"; use severity or allow`);
  for (const [code, level] of Object.entries((p.severity ?? {}) as Record<string, unknown>)) {
    if (!/^CW\d{3}$/.test(code)) problems.push(`check.severity: "${code}" is not a diagnostic code such as CW070`);
    if (level !== 'error' && level !== 'warning' && level !== 'off') problems.push(`check.severity.${code}: use "error", "warning" or "off"`);
  }
  if (p.allow !== undefined && !Array.isArray(p.allow)) problems.push('check.allow must be a list');
  (Array.isArray(p.allow) ? p.allow : []).forEach((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.code !== 'string') problems.push(`check.allow[${i}].code is required`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') problems.push(`check.allow[${i}].reason is required: say why this finding is accepted`);
    if (e.match !== undefined && typeof e.match !== 'string') problems.push(`check.allow[${i}].match must be a string`);
  });
  return problems;
}

export function applyPolicy(findings: readonly Diagnostic[], policy: CheckPolicy): Finding[] {
  return findings.flatMap((d): Finding[] => {
    const level = policy.severity?.[d.code];
    if (level === 'off') return [];
    const finding = level ? { ...d, severity: level } : d;
    const text = formatDiagnostic(d);
    const allow = policy.allow?.find((a) => a.code === d.code && (a.match === undefined || text.includes(a.match)));
    return [allow ? { ...finding, allowed: allow.reason } : finding];
  });
}

/** A finding fails the gate when it is an error nobody allowed. */
export function fails(finding: Finding): boolean {
  return finding.severity === 'error' && finding.allowed === undefined;
}
