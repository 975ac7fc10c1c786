/** Payment Service process: the simulated payment provider and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startPaymentService, type PaymentServiceContract } from '../../generated/services/payment-service/index.js';
import * as handlers from '../../handlers/payment-service/index.js';
import { PaymentProcessor, type PaymentOptions } from '../domain/payment-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface PaymentServiceProcessOptions extends ProcessOptions<PaymentServiceContract> {
  readonly payments?: PaymentProcessor | PaymentOptions;
}

export interface PaymentServiceProcess extends ServiceProcess<PaymentServiceContract> {
  readonly payments: PaymentProcessor;
}

export async function startPaymentServiceProcess(transport: Transport, options: PaymentServiceProcessOptions = {}): Promise<PaymentServiceProcess> {
  const payments = options.payments instanceof PaymentProcessor ? options.payments : new PaymentProcessor(options.payments);
  const process = await startProcess(
    () => startPaymentService(transport, handlers, { ...serviceOptions(options), deps: { payments, logger: processLogger(options) } }),
    );
  return { ...process, payments };
}
