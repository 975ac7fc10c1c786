/** Cart API process: carts and the price list and the generated service (which asks the Promotions Service for discounts). */
import type { Transport } from '../../runtime/index.js';
import { startCartApi, type CartApiContract } from '../../generated/services/cart-api/index.js';
import * as handlers from '../../handlers/cart-api/index.js';
import { Carts, type CartsOptions } from '../domain/cart-api/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface CartApiProcessOptions extends ProcessOptions<CartApiContract> {
  readonly carts?: Carts | CartsOptions;
  /** How often one checkout is priced again when the cart changes while it is priced (default 3). */
  readonly pricingAttempts?: number;
}

export interface CartApiProcess extends ServiceProcess<CartApiContract> {
  readonly carts: Carts;
}

export async function startCartApiProcess(transport: Transport, options: CartApiProcessOptions = {}): Promise<CartApiProcess> {
  const carts = options.carts instanceof Carts ? options.carts : new Carts(options.carts);
  const process = await startProcess(
    () => startCartApi(transport, handlers, { ...serviceOptions(options), deps: { carts, logger: processLogger(options), pricingAttempts: options.pricingAttempts ?? 3 } }),
    );
  return { ...process, carts };
}
