/**
 * Gate section: `catwire check --base` on the FlowMart demo catalog, whole process (the built
 * CLI): the base is a commit of FlowMart, the head a changed copy (a required property dropped
 * from one event, a property added to one command). Reported with the time of `catwire
 * validate` on the same catalog in the same run, as the baseline it builds on. Then `catwire
 * check` on a synthetic catalog of 100 services, each with an attached AsyncAPI 3 document
 * (spec drift on every one), next to `validate` alone on the same catalog.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './index.js';
import { median } from './median.js';
import { writeAsyncApiCatalog } from './synthetic-asyncapi.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Beside the repository (../shared); CATWIRE_FLOWMART points a worktree elsewhere at it.
const FLOWMART = process.env.CATWIRE_FLOWMART ?? path.resolve(REPO, '../shared/catalogs/flowmart');
const PAYMENT = 'catalog/domains/E-Commerce/subdomains/Payment/services/PaymentService/events/PaymentProcessed/schema.json';

function timed(args: readonly string[], cwd: string): number {
  const start = performance.now();
  try {
    execFileSync(process.execPath, [path.join(REPO, 'dist/cli/bin.js'), ...args], { cwd, stdio: 'ignore' });
  } catch {
    // FlowMart has real errors: exit code 1 is the expected outcome, not a failure of the run.
  }
  return (performance.now() - start) / 1000;
}

export const checkBench: BenchSection = async ({ quick, log }) => {
  if (!existsSync(path.join(REPO, 'dist/cli/bin.js'))) throw new Error('build first: npm run build');
  const project = mkdtempSync(path.join(tmpdir(), 'catwire-bench-check-'));
  try {
    cpSync(FLOWMART, path.join(project, 'catalog'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: project, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const schema = JSON.parse(readFileSync(path.join(project, PAYMENT), 'utf8')) as { required?: string[] };
    schema.required = (schema.required ?? []).slice(1);
    writeFileSync(path.join(project, PAYMENT), JSON.stringify(schema, null, 2));
    git('commit', '-q', '-am', 'head');
    const rounds = quick ? 3 : 7;
    const check = median(Array.from({ length: rounds }, () => timed(['check', '--base', 'HEAD~1', '--catalog', 'catalog'], project)));
    const validate = median(Array.from({ length: rounds }, () => timed(['validate', 'catalog'], project)));
    log(`check --base on FlowMart: ${check.toFixed(2)} s (median of ${rounds}); validate alone ${validate.toFixed(2)} s`);
    const specs = await specsBench(project, rounds, log);
    return { base_flowmart_s: Number(check.toFixed(2)), validate_flowmart_s: Number(validate.toFixed(2)), ...specs };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
};

const SPEC_SERVICES = 100;
const SPEC_MESSAGES = 3;

/** `check` (catalog, spec drift; no generated code to compare) and `validate` on 100 services with AsyncAPI documents. */
async function specsBench(project: string, rounds: number, log: (line: string) => void): Promise<Record<string, number>> {
  const catalog = path.join(project, 'specs-catalog');
  writeAsyncApiCatalog(catalog, SPEC_SERVICES, SPEC_MESSAGES);
  const absent = path.join(project, 'no-generated');
  const check = median(Array.from({ length: rounds }, () => timed(['check', '--catalog', catalog, '--out', absent], project)));
  const validate = median(Array.from({ length: rounds }, () => timed(['validate', catalog], project)));
  log(`check on ${SPEC_SERVICES} services with AsyncAPI 3 documents: ${check.toFixed(2)} s (median of ${rounds}); validate alone ${validate.toFixed(2)} s`);
  return { asyncapi_100_check_s: Number(check.toFixed(2)), asyncapi_100_validate_s: Number(validate.toFixed(2)) };
}
