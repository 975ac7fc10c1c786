/** Fraud Detection Service process: the risk model, its registry slot and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startFraudDetectionService, type FraudDetectionServiceContract } from '../../generated/services/fraud-detection-service/index.js';
import * as handlers from '../../handlers/fraud-detection-service/index.js';
import { FraudScreening, type FraudOptions } from '../domain/fraud-detection-service/index.js';
import { fraudDetectionServiceSlot } from './registry.js';
import { processLogger, serviceOptions, startRegistered, type ProcessOptions, type ServiceProcess } from './support.js';

export interface FraudDetectionServiceProcessOptions extends ProcessOptions<FraudDetectionServiceContract> {
  readonly fraud?: FraudScreening | FraudOptions;
}

export interface FraudDetectionServiceProcess extends ServiceProcess<FraudDetectionServiceContract> {
  readonly fraud: FraudScreening;
}

export async function startFraudDetectionServiceProcess(
  transport: Transport,
  options: FraudDetectionServiceProcessOptions = {},
): Promise<FraudDetectionServiceProcess> {
  const fraud = options.fraud instanceof FraudScreening ? options.fraud : new FraudScreening(options.fraud);
  const process = await startRegistered(fraudDetectionServiceSlot, { fraud, logger: processLogger(options) }, () =>
    startFraudDetectionService(transport, handlers, serviceOptions(options)),
  );
  return { ...process, fraud };
}
