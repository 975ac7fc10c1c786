/** Fraud Detection Service process: the risk model and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startFraudDetectionService, type FraudDetectionServiceContract } from '../../generated/services/fraud-detection-service/index.js';
import * as handlers from '../../handlers/fraud-detection-service/index.js';
import { FraudScreening, type FraudOptions } from '../domain/fraud-detection-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

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
  const process = await startProcess(
    () => startFraudDetectionService(transport, handlers, { ...serviceOptions(options), deps: { fraud, logger: processLogger(options) } }),
    );
  return { ...process, fraud };
}
