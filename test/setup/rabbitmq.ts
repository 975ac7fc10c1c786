/**
 * Vitest global setup: a RabbitMQ broker for the runtime's integration tests.
 * - `AMQP_URL` set: tests use that broker (`rabbitmqctl` on PATH reaches its node, if local).
 * - otherwise: an isolated node is started (test/setup/rabbitmq-node.ts) and stopped after the run,
 *   but only when the selected test files include a broker test: `vitest run test/generators`
 *   does not pay for a broker boot (~7 s of CPU on 2 cores).
 * The node boots in the background while vitest collects and runs the other tests; broker tests
 * wait for it with `brokerUrl()` (test/runtime/helpers/broker.ts).
 */
import type { TestProject } from 'vitest/node';
import { rabbitAvailable, startRabbitNode } from './rabbitmq-node.js';
import { selectedTestFiles } from './selected.js';

export interface BrokerInfo {
  readonly url: string;
  /** Port to poll for readiness; 0 when the broker was given via AMQP_URL. */
  readonly port: number;
  /** For `rabbitmqctl -n`; undefined for an external broker. */
  readonly node: { readonly nodeName: string; readonly ctlEnv: Record<string, string> } | undefined;
  readonly logHint: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    catwireBroker: BrokerInfo | null;
  }
}

/** Test files that talk to a real broker. */
const BROKER_TESTS = /test\/(runtime\/(rabbit[^/]*|interop)|system\/rabbit[^/]*|adoption\/readme|versions\/(lifecycle|rabbit[^/]*))\.test\.ts$/;
/** Projects whose every test file talks to a real broker (vitest.config.ts). */
const BROKER_PROJECTS = new Set(['contract-rabbitmq']);

async function brokerTestsSelected(project: TestProject): Promise<boolean> {
  for (const file of await selectedTestFiles(project)) {
    if (BROKER_PROJECTS.has(file.project) || BROKER_TESTS.test(file.path.replaceAll('\\', '/'))) return true;
  }
  return false;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['AMQP_URL'];
  if (external) {
    project.provide('catwireBroker', { url: external, port: 0, node: undefined, logHint: 'external broker from AMQP_URL' });
    return async () => {};
  }
  if (!rabbitAvailable() || !(await brokerTestsSelected(project))) {
    project.provide('catwireBroker', null);
    return async () => {};
  }
  const node = await startRabbitNode();
  project.provide('catwireBroker', {
    url: node.url,
    port: node.port,
    node: { nodeName: node.nodeName, ctlEnv: node.ctlEnv },
    logHint: `broker logs in ${node.dir}`,
  });
  return () => node.stop();
}
