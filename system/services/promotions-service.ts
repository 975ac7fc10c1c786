/** Promotions Service process: the promotion list and the generated service (answers calculate-discount). */
import type { Transport } from '../../runtime/index.js';
import { startPromotionsService, type PromotionsServiceContract } from '../../generated/services/promotions-service/index.js';
import * as handlers from '../../handlers/promotions-service/index.js';
import { Promotions, type PromotionsOptions } from '../domain/promotions-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface PromotionsServiceProcessOptions extends ProcessOptions<PromotionsServiceContract> {
  readonly promotions?: Promotions | PromotionsOptions;
}

export interface PromotionsServiceProcess extends ServiceProcess<PromotionsServiceContract> {
  readonly promotions: Promotions;
}

export async function startPromotionsServiceProcess(
  transport: Transport,
  options: PromotionsServiceProcessOptions = {},
): Promise<PromotionsServiceProcess> {
  const promotions = options.promotions instanceof Promotions ? options.promotions : new Promotions(options.promotions);
  const process = await startProcess(
    () => startPromotionsService(transport, handlers, { ...serviceOptions(options), deps: { promotions, logger: processLogger(options) } }),
    );
  return { ...process, promotions };
}
