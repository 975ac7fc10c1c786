/**
 * Rendering the gate's findings: readable text (default), JSON, JUnit XML (for CI test
 * reports) and Markdown (for a pull-request comment). Findings come grouped by check.
 */
import { count } from '../../templates/english.js';
import { CHECKS, DIAGNOSTIC_KINDS, formatDiagnostic, type Check } from '../diagnostics.js';
import { fails, type Finding } from './policy.js';

export type CheckFormat = 'text' | 'json' | 'junit' | 'markdown';

export const CATEGORIES = CHECKS;
export type Category = Check;

const TITLES: Record<Category, string> = {
  catalog: 'Catalog',
  'spec-drift': 'Catalog ↔ spec drift',
  'code-drift': 'Catalog ↔ code drift',
  breaking: 'Breaking changes',
};

const CHECK_OF_CODE: ReadonlyMap<string, Check> = new Map(
  Object.values(DIAGNOSTIC_KINDS).map((kind): [string, Check] => [kind.code, 'check' in kind ? kind.check : 'catalog']),
);

/** The report section of a finding: the one its kind declares (diagnostics.ts). */
export function categoryOf(code: string): Category {
  return CHECK_OF_CODE.get(code) ?? 'catalog';
}

/**
 * The sections to print: those that ran, and any other that has findings (a configuration error
 * found before a check could run), so that no finding counted in the summary goes unprinted.
 */
function sectionsOf(findings: readonly Finding[], ran: readonly Category[]): Category[] {
  const shown = new Set([...ran, ...findings.map((f) => categoryOf(f.code))]);
  return CATEGORIES.filter((c) => shown.has(c));
}

interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly allowed: number;
}

function summarize(findings: readonly Finding[]): Summary {
  return {
    errors: findings.filter(fails).length,
    warnings: findings.filter((f) => f.severity === 'warning' && f.allowed === undefined).length,
    allowed: findings.filter((f) => f.allowed !== undefined).length,
  };
}

export function renderReport(findings: readonly Finding[], format: CheckFormat, checksRun: readonly Category[]): string {
  const summary = summarize(findings);
  const ran = sectionsOf(findings, checksRun);
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          findings: findings.map((f) => ({
            check: categoryOf(f.code), code: f.code, severity: f.severity, file: f.file, line: f.line ?? null, field: f.field ?? null,
            message: f.message, fix: f.fix, allowed: f.allowed ?? null,
          })),
          checks: ran,
          summary,
        },
        null,
        2,
      )}\n`;
    case 'junit':
      return junit(findings, ran);
    case 'markdown':
      return markdown(findings, ran, summary);
    default:
      return text(findings, ran, summary);
  }
}

const line = (f: Finding) =>
  `${f.allowed !== undefined ? 'allowed' : f.severity === 'error' ? 'error  ' : 'warning'} ${f.code} ${formatDiagnostic(f)}${f.allowed !== undefined ? ` (allowed: ${f.allowed})` : ''}`;

function text(findings: readonly Finding[], ran: readonly Category[], summary: Summary): string {
  const out: string[] = [];
  for (const category of ran) {
    const list = findings.filter((f) => categoryOf(f.code) === category);
    out.push(`${TITLES[category]}: ${list.length === 0 ? 'ok' : `${list.length} finding${list.length === 1 ? '' : 's'}`}`);
    out.push(...list.map((f) => `  ${line(f)}`));
  }
  out.push('', `${summary.errors === 0 ? '✔' : '✖'} ${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}, ${summary.allowed} allowed`);
  return `${out.join('\n')}\n`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function junit(findings: readonly Finding[], ran: readonly Category[]): string {
  const suites = ran.map((category) => {
    const list = findings.filter((f) => categoryOf(f.code) === category);
    const cases =
      list.length === 0
        ? [`    <testcase classname="catwire.${category}" name="no findings"/>`]
        : list.map((f) => {
            const name = xml(`${f.code} ${f.file}${f.line ? `:${f.line}` : ''}${f.field ? ` ${f.field}` : ''}`);
            const body = fails(f) ? `\n      <failure type="${f.code}" message="${xml(f.message)}">${xml(formatDiagnostic(f))}</failure>\n    ` : '';
            const skipped = f.allowed !== undefined ? `\n      <skipped message="${xml(`allowed: ${f.allowed}`)}"/>\n    ` : '';
            return `    <testcase classname="catwire.${category}" name="${name}">${body || skipped}</testcase>`;
          });
    const failures = list.filter(fails).length;
    return `  <testsuite name="catwire check: ${xml(TITLES[category])}" tests="${Math.max(1, list.length)}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="catwire check">\n${suites.join('\n')}\n</testsuites>\n`;
}

function markdown(findings: readonly Finding[], ran: readonly Category[], summary: Summary): string {
  const out = [`## catwire check: ${summary.errors === 0 ? '✅ passed' : '❌ failed'}`, '', '| check | errors | warnings | allowed |', '|---|---|---|---|'];
  for (const category of ran) {
    const list = findings.filter((f) => categoryOf(f.code) === category);
    out.push(`| ${TITLES[category]} | ${list.filter(fails).length} | ${list.filter((f) => f.severity === 'warning' && !f.allowed).length} | ${list.filter((f) => f.allowed).length} |`);
  }
  for (const category of ran) {
    const list = findings.filter((f) => categoryOf(f.code) === category);
    if (list.length === 0) continue;
    out.push('', `### ${TITLES[category]}`, '');
    for (const f of list) {
      const where = `\`${f.file}${f.line ? `:${f.line}` : ''}\`${f.field ? ` \`${f.field}\`` : ''}`;
      const mark = f.allowed !== undefined ? '☑️ allowed' : f.severity === 'error' ? '❌' : '⚠️';
      out.push(`- ${mark} **${f.code}** ${where} — ${f.message.replace(/\|/g, '\\|')}. ${f.fix}.${f.allowed ? ` _Allowed: ${f.allowed}_` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
