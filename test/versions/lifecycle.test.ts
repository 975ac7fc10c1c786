/**
 * The life of two breaking changes, one commit at a time, in a real git repository: v1 only →
 * 2.0.0 released while mailer (event receiver) and shop (command sender) still pin 1.0.0 → the
 * pins move → the 1.0.0 folders go. At each step `catwire check --base HEAD~1` gives the expected
 * report, and the step's generated code carries messages between all four services on the
 * in-memory transport and on RabbitMQ: each receiver gets each message once, in its own major,
 * and nothing is dead-lettered.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransport, createRabbitTransport, deleteTopology, type LogFields, type Logger, type ServiceContract, type Transport } from '../../runtime/index.js';
import { writeCatalog } from '../helpers/catalog-fixture.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';
import { brokerUrl, uniquePrefix } from '../runtime/helpers/broker.js';
import { shopCatalog, STEPS, type Step } from './fixtures.js';

type StepName = keyof typeof STEPS;
const ORDER: readonly StepName[] = ['v1', 'released', 'moved', 'removed'];

let project: TempProject;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: project.root, encoding: 'utf8' }).trim();
/** Each step generates into its own folder, so that every generation stays importable side by side. */
const outOf = (step: StepName) => `generated-${step}`;
const reports = new Map<StepName, string[]>();

function writeStep(step: StepName): void {
  rmSync(path.join(project.root, 'catalog'), { recursive: true, force: true });
  const { root, cleanup } = writeCatalog(shopCatalog(STEPS[step]));
  cpSync(root, path.join(project.root, 'catalog'), { recursive: true });
  cleanup();
}

beforeAll(async () => {
  project = tempProject(shopCatalog(STEPS.v1));
  git('init', '-q', '-b', 'main');
  for (const step of ORDER) {
    writeStep(step);
    const generate = await cli(['generate', '--runtime', project.runtime, '--out', outOf(step)], project.root);
    expect(generate.code, generate.err).toBe(0);
    git('add', '-A');
    git('commit', '-q', '-m', step);
    if (step === 'v1') continue;
    const check = await cli(['check', '--runtime', project.runtime, '--out', outOf(step), '--base', 'HEAD~1'], project.root);
    // Only the findings about versions: the handler stubs are left unimplemented here.
    reports.set(step, check.out.split('\n').filter((l) => /CW0(1[3]|3\d|7\d)/.test(l)).map((l) => l.trim()));
  }
}, 180_000);

afterAll(() => project?.cleanup());

describe('check --base at each step', () => {
  it('2.0.0 released with pins on 1.0.0: each open migration, no breaking-change error', () => {
    expect(reports.get('released')).toEqual([
      'warning CW030 services/Mailer/index.mdx:11 receives[0].version — mailer receives event "order-placed" at 1.0.0 (major 1) while shop sends 2.0.0 (major 2): shop also publishes major 1 through a downcaster (generated) until mailer moves. Move mailer to major 2 (version: 2.x) when it is ready; the next generate then drops the bridge.',
      'warning CW030 services/Shop/index.mdx:11 sends[1].version — shop sends command "reserve-stock" at 1.0.0 (major 1) while its receiver warehouse takes 2.0.0 (major 2): warehouse also receives major 1 through an upcaster (generated) until shop moves. Move shop to major 2 (version: 2.x) when it is ready; the next generate then drops the bridge.',
    ]);
  });

  it('pins moved: the 1.0.0 folders can be removed', () => {
    expect(reports.get('moved')).toEqual([
      'warning CW032 services/Shop/events/OrderPlaced/versioned/1.0.0/index.mdx version — no service pins major 1 of event "order-placed" any more (at the base, mailer did), so generated code no longer bridges it: services/Shop/events/OrderPlaced/versioned/1.0.0/ can be removed. Remove services/Shop/events/OrderPlaced/versioned/1.0.0/ once no deployed service still runs code generated for major 1, or keep it as the record of the old contract.',
      'warning CW032 services/Warehouse/commands/ReserveStock/versioned/1.0.0/index.mdx version — no service pins major 1 of command "reserve-stock" any more (at the base, shop did), so generated code no longer bridges it: services/Warehouse/commands/ReserveStock/versioned/1.0.0/ can be removed. Remove services/Warehouse/commands/ReserveStock/versioned/1.0.0/ once no deployed service still runs code generated for major 1, or keep it as the record of the old contract.',
    ]);
  });

  it('1.0.0 removed: nothing left to report', () => {
    expect(reports.get('removed')).toEqual([]);
  });
});

interface Received {
  readonly orderId: string;
  readonly payload: Record<string, unknown>;
  readonly version: string;
  readonly messageId: string;
  readonly correlationId: string;
}

/** What one step's services get when shop sends two orders; the dead-letter log lines, if any. */
async function flow(step: StepName, transport: (logger: Logger) => Promise<Transport>): Promise<{ got: Record<string, Received[]>; deadLettered: LogFields[] }> {
  const s: Step = STEPS[step];
  const deadLettered: LogFields[] = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (event, fields) => void (event === 'message-dead-lettered' && deadLettered.push(fields ?? {})) };
  const t = await transport(logger);
  const generated = (await import(path.join(project.root, outOf(step), 'index.ts'))) as Record<string, any>;
  const got: Record<string, Received[]> = { mailer: [], ledger: [], warehouse: [] };
  const record = (who: string) => async (payload: Record<string, unknown>, ctx: { envelope: { version: string; messageId: string; correlationId: string } }) => {
    got[who]?.push({ orderId: String(payload.orderId), payload, version: ctx.envelope.version, messageId: ctx.envelope.messageId, correlationId: ctx.envelope.correlationId });
  };
  const contracts = Object.entries(generated).filter(([k]) => k.endsWith('Contract')).map(([, c]) => c as ServiceContract);
  try {
    await generated.startMailer(t, { orderPlaced: record('mailer') });
    await generated.startLedger(t, { orderPlaced: record('ledger') });
    await generated.startWarehouse(t, { reserveStock: record('warehouse') });
    const shop = await generated.startShop(t, {});
    for (const orderId of ['a', 'b']) {
      await shop.producer.publishOrderPlaced(
        s.orderPlaced === '1' ? { orderId, customerId: 'c-1', total: 10 } : { orderId, customer: 'c-1', total: 10, currency: 'EUR' },
      );
      const v1Command = s.reserveStock === '1' || s.shopSends === '1.0.0';
      await shop.producer.sendReserveStock(v1Command ? { orderId, sku: 'sku-1', qty: 2 } : { orderId, sku: 'sku-1', quantity: 2, warehouse: 'north' });
    }
    // Each queue is first in, first out: once "b" is in, a duplicate of "a" would be too.
    for (const who of Object.keys(got)) await expect.poll(() => got[who]?.at(-1)?.orderId).toBe('b');
    return { got, deadLettered };
  } finally {
    await t.close();
    if (t.description.includes('amqp')) {
      const cleanup = await transport(logger);
      for (const c of contracts) await deleteTopology(cleanup, c);
      await cleanup.close();
    }
  }
}

/** What each service must get at a step: its own major's shape, each order once. */
function expected(step: StepName): Record<string, Partial<Received>[]> {
  const s: Step = STEPS[step];
  type Expect = (orderId: string) => Partial<Received>;
  const v2Event: Expect = (orderId) => ({ orderId, payload: { orderId, customer: 'c-1', total: 10, currency: 'EUR' }, version: '2.0.0' });
  const v1Event: Expect = (orderId) => ({ orderId, payload: { orderId, customerId: 'c-1', total: 10 }, version: '1.0.0' });
  const command: Expect = (orderId) =>
    s.reserveStock === '1'
      ? { orderId, payload: { orderId, sku: 'sku-1', qty: 2 }, version: '1.0.0' }
      : s.shopSends === '1.0.0'
        ? { orderId, payload: { orderId, sku: 'sku-1', quantity: 2, warehouse: 'main' }, version: '1.0.0' } // upcast, default filled
        : { orderId, payload: { orderId, sku: 'sku-1', quantity: 2, warehouse: 'north' }, version: '2.0.0' };
  const mailer = s.orderPlaced === '1' || s.mailer === '1.0.0' ? v1Event : v2Event;
  const ledger = s.orderPlaced === '1' ? v1Event : v2Event;
  return { mailer: ['a', 'b'].map(mailer), ledger: ['a', 'b'].map(ledger), warehouse: ['a', 'b'].map(command) };
}

function assertFlow(step: StepName, result: Awaited<ReturnType<typeof flow>>): void {
  expect(result.deadLettered).toEqual([]);
  for (const [who, list] of Object.entries(expected(step))) {
    expect(result.got[who], who).toMatchObject(list);
  }
  // The two copies of one event share its correlation; the old major's id is derived from the new one's.
  if (step === 'released') {
    const [mailerA, ledgerA] = [result.got.mailer?.[0], result.got.ledger?.[0]];
    expect(mailerA?.messageId).toBe(`${ledgerA?.messageId}.v1`);
    expect(mailerA?.correlationId).toBe(ledgerA?.correlationId);
  }
}

describe.each(ORDER)('messages flow at step %s', (step) => {
  it('in memory', async () => {
    assertFlow(step, await flow(step, async (logger) => createMemoryTransport({ logger })));
  });

  it('on RabbitMQ', async () => {
    const url = await brokerUrl();
    const prefix = uniquePrefix();
    assertFlow(step, await flow(step, (logger) => createRabbitTransport({ url, prefix, logger })));
  });
});

/**
 * The process deployed before the release (code generated at step v1: mailer on 1.0.0, shop
 * sending reserve-stock 1.0.0), as its own process. It prints what mailer receives as JSON lines.
 */
const OLD_PROCESS = `
import { createRabbitTransport, silentLogger } from ${JSON.stringify(path.join(REPO, 'runtime/index.js'))};
import { startMailer, startShop } from './${outOf('v1')}/index.js';
const transport = await createRabbitTransport({ url: process.env.AMQP_URL!, prefix: process.env.PREFIX!, logger: silentLogger });
await startMailer(transport, { orderPlaced: async (payload, ctx) => console.log(JSON.stringify({ mailer: payload, version: ctx.envelope.version })) });
const shop = await startShop(transport, {});
console.log(JSON.stringify({ ready: true }));
await shop.producer.sendReserveStock({ orderId: 'from-old', sku: 'sku-9', qty: 3 });
process.once('SIGTERM', () => void transport.close().then(() => process.exit(0)));
`;

describe('two processes, two code generations', () => {
  it('the old generation and the new one exchange messages on RabbitMQ', async () => {
    const url = await brokerUrl();
    const prefix = uniquePrefix();
    const { logger, deadLettered } = (() => {
      const list: LogFields[] = [];
      const l: Logger = { debug() {}, info() {}, error() {}, warn: (event, fields) => void (event === 'message-dead-lettered' && list.push(fields ?? {})) };
      return { logger: l, deadLettered: list };
    })();
    const t = await createRabbitTransport({ url, prefix, logger });
    const generated = (await import(path.join(project.root, outOf('released'), 'index.ts'))) as Record<string, any>;
    const warehouse: unknown[] = [];
    const ledger: unknown[] = [];
    await generated.startWarehouse(t, { reserveStock: async (payload: unknown) => void warehouse.push(payload) });
    await generated.startLedger(t, { orderPlaced: async (payload: unknown) => void ledger.push(payload) });
    const shop = await generated.startShop(t, {});

    writeFileSync(path.join(project.root, 'old-process.ts'), OLD_PROCESS);
    const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'old-process.ts'], {
      cwd: project.root,
      env: { ...process.env, AMQP_URL: url, PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    try {
      await expect.poll(() => lines.some((l) => l.ready), { timeout: 60_000 }).toBe(true);
      await shop.producer.publishOrderPlaced({ orderId: 'from-new', customer: 'c-2', total: 5, currency: 'USD' });
      // New → old: the event reaches the old mailer in its major; old → new: the command is upcast.
      await expect.poll(() => lines.filter((l) => l.mailer)).toEqual([{ mailer: { orderId: 'from-new', customerId: 'c-2', total: 5 }, version: '1.0.0' }]);
      await expect.poll(() => warehouse).toEqual([{ orderId: 'from-old', sku: 'sku-9', quantity: 3, warehouse: 'main' }]);
      expect(ledger).toEqual([{ orderId: 'from-new', customer: 'c-2', total: 5, currency: 'USD' }]);
      expect(deadLettered).toEqual([]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await t.close();
    }
  }, 90_000);
});
