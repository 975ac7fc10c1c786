/**
 * The generated contract tests, run by vitest in a throwaway project the way a user runs them:
 * an untouched handler stub fails with a message naming its file and the fix, an implemented
 * handler or an external service passes, and a receiver that listens for another major version
 * of a message than its sender sends (catalog error CW013, generated with --partial) fails its
 * exchange test at once with that reason, not after waiting for the message.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';

interface Outcome {
  readonly status: string;
  readonly failures: readonly string[];
}

/** Runs the project's generated contract tests on the in-memory transport; outcome per test title. */
function runContractTests(project: TempProject): Promise<Map<string, Outcome>> {
  const report = path.join(project.root, 'report.json');
  // A config of its own: vitest would otherwise look for one in the folders above.
  const config = path.join(project.root, 'vitest.config.mjs');
  writeFileSync(config, "export default { test: { include: ['generated/**/*.test.ts'] } };\n");
  const args = [path.join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project.root, '--config', config, '--reporter=json', `--outputFile=${report}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: project.root, env: { ...process.env, CATWIRE_TRANSPORT: 'memory' } }, (_error, _out, stderr) => {
      try {
        const json = JSON.parse(readFileSync(report, 'utf8')) as {
          testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
        };
        const outcomes = json.testResults.flatMap((f) => f.assertionResults);
        resolve(new Map(outcomes.map((a) => [a.fullName, { status: a.status, failures: a.failureMessages.map((m) => m.split('\n')[0] ?? '') }])));
      } catch (err) {
        reject(new Error(`vitest wrote no report: ${stderr}`, { cause: err }));
      }
    });
  });
}

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

async function generated(files = ORDER_FIXTURE, flags: readonly string[] = []): Promise<TempProject> {
  const project = tempProject(files);
  projects.push(project);
  const result = await cli(['generate', '--runtime', project.runtime, ...flags], project.root);
  if (result.code !== 0) throw new Error(result.err);
  return project;
}

function editFrontmatter(project: TempProject, file: string, edit: (fm: Record<string, unknown>) => void): void {
  const abs = path.join(project.root, file);
  const fm = parse(readFileSync(abs, 'utf8').split('---')[1] ?? '') as Record<string, unknown>;
  edit(fm);
  writeFileSync(abs, `---\n${stringify(fm)}---\n`);
}

const STUB_FAILURE =
  'Error: handlers/order-service/create-order.ts createOrder — still the generated stub: it throws "not implemented: command create-order@1.0.0 in Order Service (order-service)". ' +
  'Implement it there, or set externalSystem: true in catalog/services/Orders/index.mdx if Order Service (order-service) is built outside this project.';

describe('generated contract tests', () => {
  it('fail on an untouched stub, naming its file and the fix; pass once it is implemented or the service is external', async () => {
    const project = await generated();
    const before = await runContractTests(project);
    expect(before.get('Order Service (order-service) handles what it receives handles command create-order@1.0.0 with createOrder')).toEqual({
      status: 'failed',
      failures: [STUB_FAILURE],
    });
    // What does not depend on handlers passes: payloads validate, every pair exchanges its message.
    expect(before.get('Checkout (checkout) sends what the catalog says sends command create-order@1.0.0 with sendCreateOrder; its examples and samples validate')?.status).toBe('passed');
    expect(before.get('what Checkout (checkout) sends reaches its receivers query get-order@1.0.0 reaches Order Service (order-service) (getOrder)')?.status).toBe('passed');
    expect(before.get('what Order Service (order-service) sends reaches its receivers event order-created@1.0.0 reaches Checkout (checkout) (orderCreated)')?.status).toBe('passed');

    writeFileSync(
      path.join(project.root, 'handlers/checkout/order-created.ts'),
      readFileSync(path.join(project.root, 'handlers/checkout/order-created.ts'), 'utf8').replace(/\{\n  throw new Error\([^\n]*\n\}/, '{\n  void payload;\n  void ctx;\n}'),
    );
    editFrontmatter(project, 'catalog/services/Orders/index.mdx', (fm) => (fm['externalSystem'] = true));
    await cli(['generate', '--runtime', project.runtime], project.root);
    const after = await runContractTests(project);
    expect([...after.values()].filter((o) => o.status === 'failed')).toEqual([]);
    expect(after.get('Checkout (checkout) handles what it receives handles event order-created@1.0.0 with orderCreated')?.status).toBe('passed');
    expect(after.get('Order Service (order-service) handles what it receives handles command create-order@1.0.0 with createOrder — external system: handled outside this project')?.status).toBe('skipped');
  });

  it('fail the exchange at once when the receiver listens for another major version than the sender sends', async () => {
    const files = {
      ...ORDER_FIXTURE,
      'services/Orders/events/OrderCreated/versioned/1.0.0/index.mdx': ORDER_FIXTURE['services/Orders/events/OrderCreated/index.mdx'] as object,
      'services/Orders/events/OrderCreated/versioned/1.0.0/schema.json': ORDER_FIXTURE['services/Orders/events/OrderCreated/schema.json'] as object,
      'services/Orders/events/OrderCreated/index.mdx': { ...(ORDER_FIXTURE['services/Orders/events/OrderCreated/index.mdx'] as object), version: '2.0.0' },
    };
    const project = await generated(files, ['--partial']);
    const outcomes = await runContractTests(project);
    expect(outcomes.get('what Order Service (order-service) sends reaches its receivers event order-created@1.0.0 reaches Checkout (checkout) (orderCreated)')).toEqual({
      status: 'failed',
      failures: [
        'Error: never arrives: checkout receives "order-created" at 2.0.0 (major 2) and order-service sends 1.0.0 (major 1), which travels under another routing key (catalog error CW013)',
      ],
    });
  });
});
