/**
 * `catwire check` end to end through the CLI: a git repository with a base and a head commit,
 * breaking changes classified by role with their blast radius, and code drift in a generated
 * project.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

let project: TempProject;
let base: string;
const file = (p: string) => path.join(project.root, p);
const git = (...args: string[]) => execFileSync('git', args, { cwd: project.root, encoding: 'utf8' }).trim();
const edit = (p: string, change: (json: Record<string, any>) => void) => {
  const json = JSON.parse(readFileSync(file(p), 'utf8')) as Record<string, any>;
  change(json);
  writeFileSync(file(p), JSON.stringify(json, null, 2));
};
const check = (...args: string[]) => cli(['check', '--runtime', project.runtime, ...args], project.root);

beforeAll(async () => {
  project = tempProject(ORDER_FIXTURE);
  expect((await cli(['generate', '--runtime', project.runtime], project.root)).code).toBe(0);
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'add', '-A');
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'commit', '-q', '-m', 'base');
  base = git('rev-parse', 'HEAD');
  // The head commit: order-created loses its required total (consumers break) without a version
  // bump; create-order gains a required field (producers break) with a major bump; the get-order
  // reply loses an enum value (additive for its readers) without a bump.
  edit('catalog/services/Orders/events/OrderCreated/schema.json', (s) => {
    s.required = ['orderId'];
  });
  edit('catalog/services/Checkout/commands/CreateOrder/schema.json', (s) => {
    s.required = ['cartId', 'customerId'];
    s.properties.customerId = { type: 'string' };
  });
  writeFileSync(
    file('catalog/services/Checkout/commands/CreateOrder/index.mdx'),
    readFileSync(file('catalog/services/Checkout/commands/CreateOrder/index.mdx'), 'utf8').replace("version: 1.0.0", 'version: 2.0.0'),
  );
  edit('catalog/services/Checkout/queries/GetOrder/response.json', (s) => {
    s.properties.status.enum = ['NEW'];
  });
  expect((await cli(['generate', '--runtime', project.runtime], project.root)).code).toBe(0);
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'commit', '-q', '-am', 'head');
});
afterAll(() => project.cleanup());

describe('catwire check --base', () => {
  it('reports each unannounced change with its role, its blast radius and the bump it needs', async () => {
    const result = await check('--base', base);
    expect(result.err).toBe('');
    expect(result.out).toBe(
      [
        'Catalog: ok',
        'Catalog ↔ spec drift: ok',
        'Catalog ↔ code drift: ok',
        'Breaking changes: 2 findings',
        '  error   CW071 services/Checkout/queries/GetOrder/index.mdx version — the reply schema of query "get-order" changed (/properties/status/enum: "status" no longer accepts the enum value "PAID"); the change is additive (affected: checkout), but the version went from 1.0.0 to 1.0.0 (unchanged). Release it as a minor version (1.1.0).',
        '  error   CW070 services/Orders/events/OrderCreated/index.mdx version — the payload schema of event "order-created" changed (/properties/total: property "total" became optional); this breaks its consumers (affected: checkout), but the version went from 1.0.0 to 1.0.0 (unchanged). Release it as a major version (2.0.0) and keep 1.0.0 in versioned/1.0.0/ while consumers move.',
        '',
        '✖ 2 errors, 0 warnings, 0 allowed',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('speaks JSON, JUnit and Markdown', async () => {
    const json = JSON.parse((await check('--base', base, '--format', 'json')).out) as { summary: unknown; checks: string[]; findings: { code: string; check: string }[] };
    expect(json.summary).toEqual({ errors: 2, warnings: 0, allowed: 0 });
    expect(json.checks).toEqual(['catalog', 'spec-drift', 'code-drift', 'breaking']);
    expect(json.findings.map((f) => [f.check, f.code])).toEqual([['breaking', 'CW071'], ['breaking', 'CW070']]);
    const junit = (await check('--base', base, '--format', 'junit')).out;
    expect(junit).toContain('<testsuite name="catwire check: Breaking changes" tests="2" failures="2">');
    expect(junit).toContain('<failure type="CW070" message="the payload schema of event &quot;order-created&quot; changed');
    const markdown = (await check('--base', base, '--format', 'markdown')).out;
    expect(markdown.split('\n').slice(0, 8)).toEqual([
      '## catwire check: ❌ failed', '', '| check | errors | warnings | allowed |', '|---|---|---|---|',
      '| Catalog | 0 | 0 | 0 |', '| Catalog ↔ spec drift | 0 | 0 | 0 |', '| Catalog ↔ code drift | 0 | 0 | 0 |', '| Breaking changes | 2 | 0 | 0 |',
    ]);
  });

  it('lets the policy allow a change with a written reason', async () => {
    writeFileSync(file('catwire.config.json'), JSON.stringify({ check: { allow: [{ code: 'CW070', match: 'order-created', reason: 'no consumer in production yet' }], severity: { CW071: 'warning' } } }));
    try {
      const result = await check('--base', base);
      expect(result.code).toBe(0);
      expect(result.out).toContain('allowed CW070 services/Orders/events/OrderCreated/index.mdx version');
      expect(result.out).toContain('(allowed: no consumer in production yet)');
      expect(result.out).toContain('✔ 0 errors, 1 warning, 1 allowed');
    } finally {
      writeFileSync(file('catwire.config.json'), '{}');
    }
  });

  it('exits 2 for a ref that does not exist', async () => {
    const result = await check('--base', 'no-such-branch');
    expect(result.code).toBe(2);
    expect(result.err).toContain('catwire: --base no-such-branch: no such commit, branch or tag in');
  });
});

describe('catwire check: code drift', () => {
  it('finds a missing handler and a publish the catalog does not declare', async () => {
    const index = file('handlers/order-service/index.ts');
    const stub = file('handlers/order-service/create-order.ts');
    const [indexText, stubText] = [readFileSync(index, 'utf8'), readFileSync(stub, 'utf8')];
    try {
      writeFileSync(index, indexText.replace('export { getOrder } from "./get-order.js";\n', ''));
      writeFileSync(stub, stubText.replace(/throw new Error\([^\n]*\);/, 'await (ctx.producer as any).publishOrderShipped({});\n  throw new Error("todo");'));
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.out.split('\n').filter((l) => l.includes('CW08'))).toEqual([
        '  error   CW082 handlers/order-service/create-order.ts:15 publishOrderShipped — order-service calls producer.publishOrderShipped, which is not a message it sends in the catalog (it sends: publishOrderCreated). Add the message to sends of order-service in services/Orders/index.mdx, or remove the call.',
        '  error   CW081 handlers/order-service/index.ts — order-service receives query "get-order@1.0.0" but its handlers index exports no "getOrder". Run `npx catwire generate` to create the stub handlers/order-service/get-order.ts, then implement it.',
      ]);
    } finally {
      writeFileSync(index, indexText);
      writeFileSync(stub, stubText);
    }
  });

  it('finds generated files that are out of date', async () => {
    const topology = file('generated/topology.md');
    const text = readFileSync(topology, 'utf8');
    try {
      writeFileSync(topology, `${text}\nedited\n`);
      const result = await check();
      expect(result.out).toContain('  error   CW080 generated/topology.md — the generated file is out of date. Run `npx catwire generate` and commit the result.');
    } finally {
      writeFileSync(topology, text);
    }
  });

  it('prints a configuration error in its own section, though the drift comparison it stops did not run', async () => {
    const config = file('catwire.config.json');
    try {
      // The default's module is missing: generated code would not compile against this config, so
      // check does not compare it, yet the error must be printed (and filed) as code drift.
      writeFileSync(config, JSON.stringify({ deps: { default: './src/missing.ts#AppDeps' } }, null, 2));
      const result = await check();
      expect(result.code).toBe(1);
      // Before each kind declared its section, these were filed by their number under spec drift.
      expect(result.out).toBe(
        [
          'Catalog: ok',
          'Catalog ↔ spec drift: ok',
          'Catalog ↔ code drift: 1 finding',
          '  error   CW067 catwire.config.json:3 deps.default — "./src/missing.ts#AppDeps" names no file of the project. create the module that exports the type, or correct the path.',
          '',
          '✖ 1 error, 0 warnings, 0 allowed',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(config);
    }
  });
});
