/** The OpenTelemetry cases of helpers/telemetry-cases.ts on RabbitMQ (the test broker). */
import { createRabbitTransport } from '../../runtime/index.js';
import { checkoutContract, ordersContract, params } from './fixtures/contracts.js';
import { brokerUrl, deleteTopology, uniquePrefix } from './helpers/broker.js';
import { captureLogger } from './helpers/capture-logger.js';
import { telemetryCases } from './helpers/telemetry-cases.js';

const logger = captureLogger();

telemetryCases('rabbitmq', async () => {
  const url = await brokerUrl();
  const prefix = uniquePrefix();
  return {
    transport: await createRabbitTransport({ url, prefix, params, logger }),
    prefix,
    cleanup: () => deleteTopology(url, prefix, params, ordersContract(), checkoutContract(), ordersContract({ retryDelaysMs: [10] })),
  };
});
