/** Billing Service process: billing schedules and invoices, the generated service, and the periodic billing cycle. */
import type { Transport } from '../../runtime/index.js';
import { startBillingService, type BillingServiceContract } from '../../generated/services/billing-service/index.js';
import * as handlers from '../../handlers/billing-service/index.js';
import { Billing, type BillingOptions } from '../domain/billing-service/index.js';
import { every, PendingEvents, processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface BillingServiceProcessOptions extends ProcessOptions<BillingServiceContract> {
  readonly billing?: Billing | BillingOptions;
  /** How often the billing cycle runs (default 60,000 ms; 0: never, call `runCycle()`). */
  readonly cycleMs?: number;
}

export interface BillingServiceProcess extends ServiceProcess<BillingServiceContract> {
  readonly billing: Billing;
  /** Runs the billing cycle now and publishes its InvoiceGenerated and SubscriptionPaymentDue events. */
  runCycle(): Promise<{ invoices: number; paymentsDue: number }>;
}

export async function startBillingServiceProcess(transport: Transport, options: BillingServiceProcessOptions = {}): Promise<BillingServiceProcess> {
  const billing = options.billing instanceof Billing ? options.billing : new Billing(options.billing);
  const logger = processLogger(options);
  let stopCycle: () => Promise<void> = async () => {};
  const process = await startProcess(
    () => startBillingService(transport, handlers, { ...serviceOptions(options), deps: { billing, logger } }),
    () => stopCycle(),
  );
  const { producer } = process.service;
  const pending = new PendingEvents();
  const runCycle = async () => {
    const { invoices, paymentsDue } = billing.runCycle();
    pending.add(producer.publishInvoiceGenerated, invoices);
    pending.add(producer.publishSubscriptionPaymentDue, paymentsDue);
    await pending.flush();
    return { invoices: invoices.length, paymentsDue: paymentsDue.length };
  };
  stopCycle = every(options.cycleMs ?? 60_000, runCycle, (error) => logger.warn('billing-cycle-failed', { error }));
  return { ...process, billing, runCycle };
}
