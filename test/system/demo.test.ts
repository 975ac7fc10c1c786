/**
 * The README's main command on its embedded defaults: the whole system in one process, every
 * flow of the catalog, and a trace that shows each flow as it happened.
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
  it('drives every flow of the catalog on the embedded defaults and traces each one', async () => {
    const { code, out, err } = await runDemo();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('catwire order system: 12 services on memory');
    const headings = out.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Place an Order: a successful order — saga completed',
      '## Place an Order: out of stock, more shoes than the warehouse holds — saga cancelled (out_of_stock)',
      '## Place an Order: payment declined, a card with insufficient funds — saga cancelled (payment_declined)',
      '## Place an Order: fraud, a blocklisted card — saga cancelled (fraud_suspected)',
      '## Amend and confirm an order — order confirmed, payment captured',
      '## Payment flow: a subscription is started, billed and paid — invoice paid, subscription extended',
      '## Cancel Subscription — subscription cancelled, billing closed',
    ]);
    const [success, outOfStock, declined, fraud, amend, payment, cancel] = out.split('\n## ').slice(1);
    const seen = (section: string | undefined, from: string, to: string, message: string) =>
      expect(section).toMatch(new RegExp(`${from}\\s+→ ${to}: ${message.replace(/\./g, '\\.')}`));
    seen(success, 'Checkout Orchestrator', 'Order Service', 'create-order@1.0.0');
    // order-created is mid-migration: the receivers on 2.0.0 get it as sent, the Notifications
    // Service (pinned to 1.0.0) gets the copy the Order Service's producer downcast.
    seen(success, 'Order Service', 'Checkout Orchestrator', 'order-created@2.0.0');
    seen(success, 'Order Service', 'Orders Service', 'order-created@2.0.0');
    seen(success, 'Order Service', 'Notifications Service', 'order-created@1.0.0');
    expect(success).not.toMatch(/→ Notifications Service: order-created@2\./);
    seen(outOfStock, 'Inventory Service', 'Checkout Orchestrator', 'OutOfStock@0.0.1');
    seen(outOfStock, 'Order Service', 'Notifications Service', 'order-cancelled@1.0.0');
    seen(declined, 'Payment Service', 'Checkout Orchestrator', 'payment-declined@1.0.0');
    seen(declined, 'Checkout Orchestrator', 'Inventory Service', 'release-inventory@1.0.0');
    seen(fraud, 'Fraud Detection Service', 'Checkout Orchestrator', 'FraudCheckCompleted@0.0.1');
    seen(fraud, 'Checkout Orchestrator', 'Order Service', 'cancel-order@1.0.0');
    expect(fraud).not.toMatch(/authorize-payment/);
    seen(amend, 'Storefront', 'Orders Service', 'AmendOrder@0.0.1');
    seen(amend, 'Orders Service', 'Inventory Service', 'OrderAmended@0.0.1');
    seen(amend, 'Storefront', 'Orders Service', 'ConfirmOrder@0.0.1');
    seen(amend, 'Orders Service', 'Checkout Orchestrator', 'OrderConfirmed@0.0.1');
    seen(amend, 'Checkout Orchestrator', 'Payment Service', 'capture-payment@1.0.0');
    seen(amend, 'Payment Service', 'Notifications Service', 'PaymentProcessed@0.0.1');
    seen(payment, 'Subscription Service', 'Billing Service', 'UserSubscriptionStarted@0.0.1');
    seen(payment, 'Billing Service', 'Payment Service', 'SubscriptionPaymentDue@0.0.1');
    seen(payment, 'Payment Service', 'Billing Service', 'PaymentProcessed@0.0.1');
    seen(payment, 'Payment Service', 'Subscription Service', 'PaymentProcessed@0.0.1');
    seen(cancel, 'Storefront', 'Subscription Service', 'RequestSubscriptionCancellation@0.0.1');
    seen(cancel, 'Subscription Service', 'Billing Service', 'UserSubscriptionCancelled@0.0.1');
    seen(cancel, 'Subscription Service', 'Notifications Service', 'UserSubscriptionCancelled@0.0.1');
    for (const section of [success, outOfStock, declined, fraud, amend, cancel]) expect(section).toMatch(/```mermaid\nsequenceDiagram\n {2}participant p1 as Storefront\n/);
    expect(out).toMatch(/\n7 flows traced in \d+\.\d s\n/);
    expect(payment).toMatch(/```mermaid\nsequenceDiagram\n {2}participant p1 as Subscription Service\n/);
  }, 150_000);
});
