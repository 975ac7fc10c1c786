/**
 * The README's main command on its embedded defaults: the whole system in one process, three
 * checkouts, and a trace that shows each flow as it happened.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/run-cli.js';

function runDemo(): Promise<{ code: number; out: string; err: string }> {
  const env = { ...process.env };
  // Embedded defaults: no broker, no database server.
  delete env.AMQP_URL;
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'system/demo.ts'], { cwd: REPO, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr });
    });
  });
}

describe('npm start (system/demo.ts)', () => {
  it('runs three checkouts on the embedded defaults and traces each flow', async () => {
    const { code, out, err } = await runDemo();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('catwire order system: 10 services on memory');
    const headings = out.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## A successful order — saga completed',
      '## Out of stock: more shoes than the warehouse holds — saga cancelled (out_of_stock)',
      '## Payment declined: a card with insufficient funds — saga cancelled (payment_declined)',
    ]);
    const sections = out.split('\n## ').slice(1);
    expect(sections[0]).toMatch(/Checkout Orchestrator\s+→ Order Service: create-order@1\.0\.0/);
    expect(sections[0]).toMatch(/Order Service\s+→ Checkout Orchestrator: order-created@1\.0\.0/);
    expect(sections[1]).toMatch(/Inventory Service\s+→ Checkout Orchestrator: OutOfStock@0\.0\.1/);
    expect(sections[1]).toMatch(/Order Service\s+→ Notifications Service: order-cancelled@1\.0\.0/);
    expect(sections[2]).toMatch(/Payment Service\s+→ Checkout Orchestrator: payment-declined@1\.0\.0/);
    expect(sections[2]).toMatch(/Checkout Orchestrator\s+→ Inventory Service: release-inventory@1\.0\.0/);
    for (const section of sections) expect(section).toMatch(/```mermaid\nsequenceDiagram\n {2}participant p1 as Storefront\n/);
  }, 150_000);
});
