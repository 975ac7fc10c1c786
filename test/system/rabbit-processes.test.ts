/**
 * Services as their own processes on the real broker: two instances of Fraud Detection started
 * with `npm run service` share its queue as competing consumers; every PaymentInitiated is
 * scored exactly once and both instances take part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutOrchestratorContract } from '../../generated/services/checkout-orchestrator/index.js';
import { fraudDetectionServiceContract } from '../../generated/services/fraud-detection-service/index.js';
import type { FraudCheckCompleted } from '../../generated/types/fraud-check-completed.js';
import type { PaymentInitiated } from '../../generated/types/payment-initiated.js';
import { createRabbitTransport, silentLogger, startService, type Transport } from '../../runtime/index.js';
import { brokerUrl, deleteTopology, uniquePrefix } from '../runtime/helpers/broker.js';
import { REPO } from '../helpers/run-cli.js';

const children: { process: ChildProcess; lines: string[] }[] = [];
let transport: Transport | undefined;
let cleanup: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const child of children) child.process.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.process.exitCode !== null ? resolve(null) : c.process.once('exit', resolve)))));
  await transport?.close();
  await cleanup?.();
});

function startInstance(url: string, prefix: string): { process: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'system/run.ts', 'FraudDetectionService'], {
    cwd: REPO,
    env: { ...process.env, AMQP_URL: url, CATWIRE_PREFIX: prefix, CATWIRE_ENV: 'test', CATWIRE_LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  const entry = { process: child, lines };
  children.push(entry);
  return entry;
}

const payment = (i: number): PaymentInitiated => ({
  paymentId: randomUUID(),
  checkoutId: randomUUID(),
  orderId: randomUUID(),
  customerId: randomUUID(),
  amount: { amount: 1_000 + i, currency: 'EUR' },
  paymentMethod: { type: 'card', token: `tok_visa_${i}`, cardLast4: '4242' },
  billingCountry: 'NL',
  initiatedAt: new Date().toISOString(),
});

describe('services as processes on RabbitMQ', () => {
  it('shares one queue between two instances as competing consumers', async () => {
    const url = await brokerUrl();
    const prefix = uniquePrefix();
    const params = { env: 'test' };
    cleanup = () => deleteTopology(url, prefix, params, fraudDetectionServiceContract, checkoutOrchestratorContract);
    const instances = [startInstance(url, prefix), startInstance(url, prefix)];
    await expect.poll(() => instances.every((i) => i.lines.some((l) => l.includes('"processes-started"'))), { timeout: 60_000 }).toBe(true);

    transport = await createRabbitTransport({ url, prefix, params, logger: silentLogger });
    const scored = new Map<string, number>();
    const noop = async () => undefined;
    const handlers = Object.fromEntries(Object.keys(checkoutOrchestratorContract.receives).map((k) => [k, noop])) as Record<string, typeof noop>;
    const probe = await startService(transport, checkoutOrchestratorContract, {
      handlers: {
        ...handlers,
        fraudCheckCompleted: async (p: FraudCheckCompleted) => {
          scored.set(p.paymentId, (scored.get(p.paymentId) ?? 0) + 1);
        },
      } as never,
    });
    const sent = Array.from({ length: 200 }, (_, i) => payment(i));
    await Promise.all(sent.map((p) => probe.producer.publishPaymentInitiated(p)));

    await expect.poll(() => scored.size, { timeout: 60_000 }).toBe(sent.length);
    expect([...scored.values()].every((n) => n === 1)).toBe(true);
    // A child logs a message as handled after acknowledging it; its log may trail the reply.
    const handledBy = () => instances.map((i) => i.lines.filter((l) => l.includes('"message-handled"') && l.includes('PaymentInitiated')).length);
    await expect.poll(() => handledBy().reduce((a, b) => a + b, 0)).toBe(sent.length);
    expect(handledBy().every((n) => n > 0)).toBe(true);
    await probe.stop();
  }, 120_000);
});
