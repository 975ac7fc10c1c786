import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject, typeCheck, type TempProject } from '../helpers/project.js';
import { recordFile } from '../../cli/generate-cache.js';
import { cli, TEST_CACHE_HOME } from '../helpers/run-cli.js';

let project: TempProject;
const gen = (...args: string[]) => cli(['generate', '--runtime', project.runtime, ...args], project.root);
const read = (p: string) => readFileSync(path.join(project.root, p), 'utf8');

beforeAll(async () => {
  project = tempProject(ORDER_FIXTURE);
  expect((await gen()).code).toBe(0);
});
afterAll(() => project.cleanup());

describe('catwire generate', () => {
  it('writes types, contracts, producers, consumers, contract tests, topology and stubs', () => {
    expect(existsSync(path.join(project.root, 'generated/types/order-created.ts'))).toBe(true);
    expect(read('generated/services/order-service/contract.ts')).toContain('routingKey: "order-created.v1"');
    expect(read('generated/services/order-service/contract.ts')).toContain('exchange: "orders.{env}.events"');
    expect(read('generated/topology.md')).toContain('flowchart LR');
    expect(read('generated/contract-tests/order-service.test.ts')).toContain('import * as handlers from "../../handlers/order-service/index.js";');
    // The contract tests fill {env} with a value the catalog's enum allows (its default), and the
    // contract carries the parameter's definition for the runtime.
    expect(read('generated/contract-tests/support.ts')).toContain('const PARAMS: Readonly<Record<string, string>> = { "env": "dev" };');
    expect(read('generated/services/order-service/contract.ts')).toContain('  parameters: {\n    env: {\n      default: "dev",\n      enum: [\n        "dev",\n        "prod",\n      ],\n    },\n  },\n');
    expect(read('handlers/order-service/create-order.ts')).toContain('export async function createOrder(payload: CreateOrder, ctx: OrderServiceContext): Promise<void> {');
    expect(read('handlers/order-service/get-order.ts')).toContain('Promise<GetOrderResponse>');
    expect(read('handlers/order-service/index.ts')).toContain('export { createOrder } from "./create-order.js";');
  });

  it('is byte-identical on a second run, and --check passes', async () => {
    const before = read('generated/services/order-service/contract.ts');
    const again = await gen('--no-cache');
    expect(again.out).toContain('(0 written, 0 removed, 19 unchanged)');
    expect(read('generated/services/order-service/contract.ts')).toBe(before);
    expect(await gen('--check', '--no-cache')).toEqual({ code: 0, out: 'catwire generate --check: generated/ is up to date (19 files)\n', err: '' });
  });

  it('skips all work when nothing changed since the last run, and runs in full after any change', async () => {
    expect((await gen()).code).toBe(0); // leaves the record
    const upToDate = 'catwire generate: generated/ is up to date (19 files; the catalog, the handlers and the output are as the last run left them)\n';
    expect(await gen()).toEqual({ code: 0, out: upToDate, err: '' });
    expect(await gen('--check')).toEqual({ code: 0, out: 'catwire generate --check: generated/ is up to date (19 files)\n', err: '' });

    // A catalog change: a full run, which writes the change.
    const schemaFile = path.join(project.root, 'catalog/services/Orders/events/OrderCreated/schema.json');
    const schema = readFileSync(schemaFile, 'utf8');
    const changed = JSON.parse(schema) as { properties: Record<string, unknown> };
    changed.properties.note = { type: 'string' };
    writeFileSync(schemaFile, JSON.stringify(changed, null, 2));
    expect((await gen('--check')).code).toBe(1);
    expect((await gen()).out).toMatch(/\(\d+ written, 0 removed, \d+ unchanged\)/);
    expect(read('generated/types/order-created.ts')).toContain('note?: string;');
    expect((await gen()).out).toBe(upToDate);

    // An edit of generated code: a full run (--check names it, generate repairs it).
    const topology = read('generated/topology.md');
    writeFileSync(path.join(project.root, 'generated/topology.md'), 'edited by hand\n');
    expect((await gen('--check')).out).toContain('changed   generated/topology.md');
    expect((await gen()).out).toContain('(1 written, 0 removed, 18 unchanged)');
    expect(read('generated/topology.md')).toBe(topology);

    // A deleted stub: a full run creates it again.
    rmSync(path.join(project.root, 'handlers/order-service/get-order.ts'));
    expect((await gen()).out).toContain('handler stubs in handlers/: 1 created, 0 updated');
    expect((await gen()).out).toBe(upToDate);

    // An edited stub (the developer's code): a full run that keeps the edit, then nothing to do.
    const stub = path.join(project.root, 'handlers/order-service/get-order.ts');
    writeFileSync(stub, `${readFileSync(stub, 'utf8')}// filled in\n`);
    expect((await gen()).out).toContain('handler stubs in handlers/: 0 created, 0 updated');
    expect(read('handlers/order-service/get-order.ts')).toMatch(/\/\/ filled in\n$/);
    expect((await gen()).out).toBe(upToDate);

    // Warnings are part of the record: a skipped run prints what the full run printed.
    writeFileSync(schemaFile, schema);
    const indexFile = path.join(path.dirname(schemaFile), 'index.mdx');
    writeFileSync(indexFile, readFileSync(indexFile, 'utf8').replace('---\n', '---\ncolour: red\n'));
    const full = await gen();
    expect(full.err).toContain('CW041');
    const skipped = await gen();
    expect(skipped).toEqual({ code: 0, out: upToDate, err: full.err });
  });

  it("keeps its records in the machine's cache folder, never in the project, where a pull request could put one", async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'catwire-other-machine-'));
    try {
      const upToDate = 'catwire generate: generated/ is up to date (19 files; the catalog, the handlers and the output are as the last run left them)\n';
      const there = () => cli(['generate', '--runtime', project.runtime], project.root, elsewhere);
      expect((await there()).code).toBe(0);
      expect((await there()).out).toBe(upToDate);
      expect(readdirSync(path.join(elsewhere, 'catwire'))).toEqual([expect.stringMatching(/^generate-[0-9a-f]{16}\.json$/)]);
      expect(existsSync(path.join(project.root, 'node_modules/.cache/catwire'))).toBe(false);
      // Here, the same files but not that record: a full run (which finds nothing to write), then this cache's own record.
      rmSync(recordFile(TEST_CACHE_HOME, path.join(project.root, 'generated')), { force: true });
      expect((await gen()).out).toContain('(0 written, 0 removed, 19 unchanged)');
      expect((await gen()).out).toBe(upToDate);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('does not compile a type module again while its inputs and its stamped body are unchanged', async () => {
    const file = 'generated/types/order-created.ts';
    const original = read(file);
    const stamp = /^\/\/ catwire:input ([0-9a-f]{40})\.([0-9a-f]{40})$/m.exec(original);
    expect(stamp).not.toBeNull();
    // A body this run would never print, under a stamp that vouches for it: reused as is.
    const header = original.slice(0, original.indexOf('\n\n') + 2);
    const body = 'export type Kept = "reused, not compiled";\n';
    const bodyHash = createHash('sha1').update(body).digest('hex');
    writeFileSync(path.join(project.root, file), header.replace(stamp?.[2] as string, bodyHash) + body);
    expect((await gen('--no-cache')).code).toBe(0);
    expect(read(file)).toContain('reused, not compiled');
    // The same body under its old stamp reads as a hand edit: compiled again.
    writeFileSync(path.join(project.root, file), header + body);
    expect((await gen('--no-cache')).code).toBe(0);
    expect(read(file)).toBe(original);
  });

  it('--check names every changed, missing and orphaned file and the fixing command, and writes nothing', async () => {
    writeFileSync(path.join(project.root, 'generated/topology.md'), 'edited by hand\n');
    rmSync(path.join(project.root, 'generated/types/get-order.ts'));
    writeFileSync(path.join(project.root, 'generated/stale.ts'), 'export {};\n');
    const check = await gen('--check');
    expect(check.code).toBe(1);
    expect(check.out).toBe(
      [
        'catwire generate --check: generated/ is out of date (3 files):',
        '  changed   generated/topology.md',
        '  missing   generated/types/get-order.ts',
        '  orphaned  generated/stale.ts',
        `Run \`npx catwire generate --runtime ${project.runtime}\` to update it.`,
        '',
      ].join('\n'),
    );
    expect(read('generated/topology.md')).toBe('edited by hand\n');
    expect((await gen()).code).toBe(0);
    expect((await gen('--check')).code).toBe(0);
    expect(existsSync(path.join(project.root, 'generated/stale.ts'))).toBe(false);
  });

  it('does not record a run whose stub report has problems, so the next run reports them again', async () => {
    const stub = path.join(project.root, 'handlers/order-service/get-order.ts');
    const original = readFileSync(stub, 'utf8');
    writeFileSync(stub, original.replace('function getOrder(', 'function getOrderRenamed('));
    try {
      const problem = 'could not update:\n  handlers/order-service/get-order.ts: no function getOrder to update; its handler signature was left as it is\n';
      const first = await gen();
      expect(first.code).toBe(0);
      expect(first.err).toContain(problem);
      // Not replayed from a record: the second run plans the stubs again and says the same.
      const second = await gen();
      expect(second.out).toContain('handler stubs in handlers/: 0 created, 0 updated');
      expect(second.err).toContain(problem);
    } finally {
      writeFileSync(stub, original);
    }
  });

  it('never reports user-owned stubs as stale', async () => {
    writeFileSync(path.join(project.root, 'handlers/order-service/create-order.ts'), `${read('handlers/order-service/create-order.ts')}\n// my note\n`);
    expect((await gen('--check')).code).toBe(0);
  });

  it('writes nothing when the catalog has errors', async () => {
    const broken = tempProject({ ...ORDER_FIXTURE, 'services/Checkout/index.mdx': { id: 'checkout', name: 'C', version: '1.0.0', summary: 'x', owners: ['core'], receives: [{ id: 'nope' }] } });
    try {
      const result = await cli(['generate', '--runtime', broken.runtime], broken.root);
      expect(result.code).toBe(1);
      expect(result.err).toContain('error   CW010 catalog/services/Checkout/index.mdx:9 receives[0].id — message "nope" does not exist.');
      expect(result.err).toContain('catwire generate: the catalog has errors; nothing was written.');
      expect(existsSync(path.join(broken.root, 'generated'))).toBe(false);
    } finally {
      broken.cleanup();
    }
  });

  it('generates code and stubs that type-check under strict', async () => {
    expect(await typeCheck(project.root)).toEqual([]);
  });

  it('makes a wrong payload and a missing handler compile errors', async () => {
    writeFileSync(
      path.join(project.root, 'misuse.ts'),
      [
        `import type { Transport } from ${JSON.stringify(project.runtime)};`,
        "import { startCheckout, startOrderService, type OrderServiceHandlers } from './generated/index.js';",
        "import * as handlers from './handlers/order-service/index.js';",
        'declare const transport: Transport;',
        'const checkout = await startCheckout(transport, { orderCreated: async () => {} });',
        "await checkout.producer.sendCreateOrder({ cartId: 42 });",
        "await checkout.producer.sendCreateOrder({ cart: 'c-1' });",
        "const reply = await checkout.producer.requestGetOrder({ orderId: 'o-1' });",
        "const status: 'NEW' | 'PAID' = reply.status;",
        'await startOrderService(transport, { createOrder: handlers.createOrder });',
        'const complete: OrderServiceHandlers = handlers;',
        'export { status, complete };',
        '',
      ].join('\n'),
    );
    try {
      const errors = (await typeCheck(project.root)).filter((e) => e.file === 'misuse.ts');
      expect(errors.map((e) => [e.line, e.code])).toEqual([
        [6, 'TS2322'],
        [7, 'TS2353'],
        [10, 'TS2345'],
      ]);
    } finally {
      rmSync(path.join(project.root, 'misuse.ts'));
    }
  });
});
