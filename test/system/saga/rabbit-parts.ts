/**
 * The real parts the RabbitMQ saga tests run on: a transport under a name prefix of its own on
 * the test broker, and the order and saga databases as fresh schemas on the PostgreSQL server.
 * `close` deletes everything the run declared (every generated contract and the watcher).
 */
import * as generated from '../../../generated/index.js';
import { createRabbitTransport, silentLogger, type ServiceContract, type Transport } from '../../../runtime/index.js';
import { brokerUrl, deleteTopology, uniquePrefix } from '../../runtime/helpers/broker.js';
import { testBackends, type TestDatabase } from '../helpers/backends.js';
import { listenerContract } from '../services/helpers.js';

const params = { env: 'test' };
const contracts = (Object.values(generated) as unknown[]).filter((v): v is ServiceContract => typeof v === 'object' && v !== null && 'service' in v);

export interface RabbitSagaParts {
  readonly transport: Transport;
  readonly orderDb: TestDatabase;
  readonly sagaDb: TestDatabase;
  close(): Promise<void>;
}

export async function openRabbitSagaParts(): Promise<RabbitSagaParts> {
  const server = testBackends().find((b) => b.name === 'postgres');
  if (!server) throw new Error('no PostgreSQL backend');
  const url = await brokerUrl();
  const prefix = uniquePrefix();
  const transport = await createRabbitTransport({ url, prefix, params, logger: silentLogger });
  const orderDb = await server.fresh();
  const sagaDb = await server.fresh({ migrate: false });
  return {
    transport,
    orderDb,
    sagaDb,
    close: async () => {
      await transport.close();
      await orderDb.dispose();
      await sagaDb.dispose();
      await deleteTopology(url, prefix, params, ...contracts, listenerContract('saga-watcher', {}));
    },
  };
}
