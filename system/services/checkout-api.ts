/** Checkout API process: checkout intake (one checkout per cart) and the generated service; answers the storefront's status polls with get-order. */
import type { Transport } from '../../runtime/index.js';
import type { GetOrderResponse } from '../../generated/types/get-order.js';
import { startCheckoutApi, type CheckoutApiContract } from '../../generated/services/checkout-api/index.js';
import * as handlers from '../../handlers/checkout-api/index.js';
import { CheckoutIntake, type CheckoutIntakeOptions } from '../domain/checkout-api/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface CheckoutApiProcessOptions extends ProcessOptions<CheckoutApiContract> {
  readonly intake?: CheckoutIntake | CheckoutIntakeOptions;
}

export interface CheckoutApiProcess extends ServiceProcess<CheckoutApiContract> {
  readonly intake: CheckoutIntake;
  /** The order of a checkout, from the Order Service (get-order); undefined for an unknown checkout. */
  checkoutStatus(checkoutId: string): Promise<GetOrderResponse | undefined>;
}

export async function startCheckoutApiProcess(transport: Transport, options: CheckoutApiProcessOptions = {}): Promise<CheckoutApiProcess> {
  const intake = options.intake instanceof CheckoutIntake ? options.intake : new CheckoutIntake(options.intake);
  const process = await startProcess(
    () => startCheckoutApi(transport, handlers, { ...serviceOptions(options), deps: { intake, logger: processLogger(options) } }),
    );
  return {
    ...process,
    intake,
    async checkoutStatus(checkoutId) {
      const checkout = intake.checkout(checkoutId);
      return checkout && process.service.producer.requestGetOrder({ orderId: checkout.orderId });
    },
  };
}
