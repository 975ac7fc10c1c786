/**
 * Handler dependencies from catwire.config.json: the `deps` section is checked (each rule's exact
 * diagnostic is pinned), generated start functions require the configured type, handler stubs
 * are typed through their context, and changing the config retypes them without touching a
 * body.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveHandlerDeps, unknownDepsServices } from '../../cli/handler-deps.js';
import { formatDiagnostic } from '../../generators/diagnostics.js';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject, typeCheck } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

const project = tempProject(ORDER_FIXTURE);
afterAll(() => project.cleanup());
const abs = (p: string) => path.join(project.root, p);
mkdirSync(abs('src'), { recursive: true });
writeFileSync(abs('src/deps.ts'), 'export interface AppDeps {\n  readonly greeting: string;\n}\n');
writeFileSync(abs('src/order-deps.ts'), 'export interface OrderDeps {\n  readonly greeting: string;\n  readonly orders: number;\n}\n');

function config(deps: unknown): string {
  const text = `${JSON.stringify({ runtime: project.runtime, ...(deps === undefined ? {} : { deps }) }, null, 2)}\n`;
  writeFileSync(abs('catwire.config.json'), text);
  return text;
}

/** The diagnostics for a `deps` value, formatted as catwire prints them. */
function problems(deps: unknown): string[] {
  const text = config(deps);
  return resolveHandlerDeps(deps, text, project.root, abs('generated')).diagnostics.map((d) => `${d.code} ${formatDiagnostic(d)}`);
}

describe('the deps section of catwire.config.json', () => {
  it('resolves each type to a type-only import path from the output folder', () => {
    const deps = { default: './src/deps.ts#AppDeps', services: { 'order-service': './src/order-deps.ts#OrderDeps' } };
    const text = config(deps);
    expect(resolveHandlerDeps(deps, text, project.root, abs('generated'))).toEqual({
      deps: { default: { module: '../src/deps.js', type: 'AppDeps' }, services: { 'order-service': { module: '../src/order-deps.js', type: 'OrderDeps' } } },
      diagnostics: [],
    });
  });

  it('reports a section of the wrong shape (CW064)', () => {
    expect(problems('./src/deps.ts#AppDeps')).toEqual([
      'CW064 catwire.config.json:3 deps — the handler dependencies section is not an object. write it as "deps": { "default": "./src/deps.ts#AppDeps", "services": { "order-service": "./src/orders.ts#OrderDeps" } }.',
    ]);
    expect(problems({ defaults: './src/deps.ts#AppDeps', services: { 'order-service': 42 } })).toEqual([
      'CW064 catwire.config.json:4 deps.defaults — "defaults" is not a key of the deps section. use "default" and "services" only.',
      'CW064 catwire.config.json:6 deps.services.order-service — the deps type is not a string. write "<relative path to a module>#<type name>", e.g. "./src/deps.ts#AppDeps".',
    ]);
    expect(problems({ services: ['order-service'] })).toEqual([
      'CW064 catwire.config.json:4 deps.services — the per-service deps types are not an object. map service ids to types: "services": { "order-service": "./src/orders.ts#OrderDeps" }.',
    ]);
  });

  it('refuses a reference that is not a relative module path and a type name (CW065): the text never reaches code', () => {
    expect(problems({ default: './src/deps.ts' })).toEqual([
      'CW065 catwire.config.json:4 deps.default — "./src/deps.ts" does not end in "#" and an exported type\'s name. write "<relative path to a module>#<type name>", e.g. "./src/deps.ts#AppDeps".',
    ]);
    expect(problems({ default: './src/deps.ts#AppDeps }; import("x")' })[0]).toMatch(/^CW065 catwire\.config\.json:4 deps\.default — .* does not end in "#"/);
    expect(problems({ default: './src/deps.ts#default' })[0]).toMatch(/^CW065 /);
    expect(problems({ default: './src/deps";import "x.ts#AppDeps' })).toEqual([
      'CW065 catwire.config.json:4 deps.default — "./src/deps\\";import \\"x.ts#AppDeps" is not a relative path to a TypeScript or JavaScript module. start it with "./" from the project root, use letters, digits, ".", "-", "_" and "/" only, and end it in .ts, .mts, .d.ts or .js.',
    ]);
    expect(problems({ default: 'some-package#AppDeps' })[0]).toMatch(/^CW065 .* is not a relative path/);
    expect(problems({ default: './src/deps.json#AppDeps' })[0]).toMatch(/^CW065 .* is not a relative path/);
  });

  it('keeps the type inside the project (CW066) and requires the module to exist (CW067)', () => {
    expect(problems({ default: '../outside/deps.ts#AppDeps' })).toEqual([
      'CW066 catwire.config.json:4 deps.default — "../outside/deps.ts#AppDeps" points outside the project. move the type into the project and name it by a path that stays inside.',
    ]);
    const outside = path.join(tmpdir(), `catwire-deps-outside-${process.pid}.ts`);
    writeFileSync(outside, 'export interface AppDeps {}\n');
    symlinkSync(outside, abs('src/linked.ts'));
    expect(problems({ default: './src/linked.ts#AppDeps' })).toEqual([
      'CW066 catwire.config.json:4 deps.default — "./src/linked.ts#AppDeps" is a link to a file outside the project. move the type into the project and name it by a path that stays inside.',
    ]);
    expect(problems({ services: { 'order-service': './src/missing.ts#AppDeps' } })).toEqual([
      'CW067 catwire.config.json:5 deps.services.order-service — "./src/missing.ts#AppDeps" names no file of the project. create the module that exports the type, or correct the path.',
    ]);
  });

  it('warns about a service id the catalog does not have (CW068)', () => {
    const deps = { services: { 'order-servce': './src/deps.ts#AppDeps' } };
    const text = config(deps);
    const resolved = resolveHandlerDeps(deps, text, project.root, abs('generated')).deps;
    expect(unknownDepsServices(resolved, ['checkout', 'order-service'], text).map((d) => `${d.code} ${formatDiagnostic(d)}`)).toEqual([
      'CW068 catwire.config.json:5 deps.services.order-servce — no service of the catalog has the id "order-servce". use one of the catalog\'s service ids (checkout, order-service) or remove the entry.',
    ]);
  });
});

describe('generate with handler deps', () => {
  const stub = 'handlers/order-service/create-order.ts';
  const generate = () => cli(['generate'], project.root);

  it('fails with exit 1 and writes nothing when the section has errors', async () => {
    config({ default: '../elsewhere.ts#AppDeps' });
    const { code, err } = await generate();
    expect(code).toBe(1);
    expect(err).toContain('error   CW066 catwire.config.json:4 deps.default — "../elsewhere.ts#AppDeps" points outside the project.');
    expect(err).toContain('catwire generate: catwire.config.json has errors; nothing was written.');
  });

  it('types ctx.deps in every handler; a config change retypes the stubs and keeps their bodies', async () => {
    config({ default: './src/deps.ts#AppDeps' });
    expect((await generate()).code).toBe(0);
    const consumer = readFileSync(abs('generated/services/order-service/consumer.ts'), 'utf8');
    expect(consumer).toContain('import type { AppDeps as OrderServiceDeps } from "../../../src/deps.js";');
    expect(consumer).toContain('export type OrderServiceContext = HandlerContext<OrderServiceContract, OrderServiceDeps>;');
    expect(consumer).toContain('options: Omit<ServiceOptions<OrderServiceContract, OrderServiceDeps>, "handlers" | "deps"> & { readonly deps: OrderServiceDeps },');
    // The developer's body uses its deps.
    const body = readFileSync(abs(stub), 'utf8').replace(/throw new Error\([^\n]*\);/, 'if (ctx.deps.greeting === payload.cartId) return;');
    writeFileSync(abs(stub), body);
    // An application starts the service with its deps: without them it does not compile.
    writeFileSync(
      abs('app.ts'),
      [
        `import { createMemoryTransport } from '${project.runtime.replace(/^(?!\.)/, './')}';`,
        "import { startOrderService } from './generated/services/order-service/index.js';",
        "import * as handlers from './handlers/order-service/index.js';",
        'const transport = createMemoryTransport();',
        "const deps = { greeting: 'hi', orders: 1 };",
        'export const started = startOrderService(transport, handlers, { deps });',
        '// @ts-expect-error deps are required once a deps type is configured',
        'export const missing = startOrderService(transport, handlers);',
        '',
      ].join('\n'),
    );

    // The config moves the Order Service onto its own type: signatures follow, bodies stay.
    config({ default: './src/deps.ts#AppDeps', services: { 'order-service': './src/order-deps.ts#OrderDeps' } });
    expect((await generate()).code).toBe(0);
    expect(readFileSync(abs(stub), 'utf8')).toBe(body);
    expect(readFileSync(abs('generated/services/order-service/consumer.ts'), 'utf8')).toContain('import type { OrderDeps as OrderServiceDeps } from "../../../src/order-deps.js";');
    // The service that receives nothing of its own type keeps the default.
    expect(readFileSync(abs('generated/services/checkout/consumer.ts'), 'utf8')).toContain('import type { AppDeps as CheckoutDeps } from "../../../src/deps.js";');
    expect(await typeCheck(project.root)).toEqual([]);

    // Without a deps type, ctx.deps is undefined: the body that uses it no longer compiles.
    config(undefined);
    expect((await generate()).code).toBe(0);
    expect(readFileSync(abs(stub), 'utf8')).toBe(body);
    const errors = await typeCheck(project.root);
    expect(errors.map((e) => `${e.file}:${e.code}`)).toContain(`${stub}:TS18048`);
  }, 240_000);
});
