/**
 * Vitest global setup: the three-node RabbitMQ cluster (test/setup/rabbitmq-cluster.ts) for the
 * tests of the `cluster` project (test/cluster/), started only when a run selects one of them
 * and stopped after the run. The rest of the suite keeps its single node.
 *
 * The cluster boots in the background while the other tests run. The nodes are children of this
 * process, so killing and restarting one is done here too: the test files ask over a small HTTP
 * endpoint on 127.0.0.1, which test/cluster/helpers.ts wraps.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startRabbitCluster, type RabbitCluster } from './rabbitmq-cluster.js';
import { rabbitAvailable } from './rabbitmq-node.js';
import { selectedTestFiles } from './selected.js';

export interface ClusterInfo {
  readonly urls: readonly string[];
  readonly nodes: readonly { readonly nodeName: string; readonly port: number; readonly ctlEnv: Record<string, string> }[];
  readonly startupMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the cluster's control endpoint, or null when no cluster test was selected. */
    catwireCluster: string | null;
  }
}

export const CLUSTER_PROJECT = 'cluster';

function reply(res: ServerResponse, work: Promise<unknown>): void {
  work.then(
    (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? null)),
    (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : String(err)),
  );
}

/**
 * `GET /info` waits for the cluster and answers its ClusterInfo (500 with the reason when it did
 * not start); `POST /kill/<i>` and `POST /restart/<i>` act on node i.
 */
function serve(starting: Promise<RabbitCluster>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/info') {
      return reply(res, starting.then((c): ClusterInfo => ({ urls: c.urls, nodes: c.nodes, startupMs: c.startupMs })));
    }
    const match = /^\/(kill|restart)\/(\d+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
    const index = Number(match[2]);
    reply(
      res,
      starting.then((cluster) => {
        if (index >= cluster.urls.length) throw new Error(`no node ${index}`);
        return match[1] === 'kill' ? cluster.kill(index) : cluster.restart(index);
      }),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const selected = (await selectedTestFiles(project)).some((f) => f.project === CLUSTER_PROJECT);
  if (!selected) {
    project.provide('catwireCluster', null);
    return async () => {};
  }
  // Boots in the background while the other projects run; the cluster tests wait on /info.
  const starting = rabbitAvailable()
    ? startRabbitCluster()
    : Promise.reject(new Error('rabbitmq-server is not installed (apt-get install rabbitmq-server)'));
  starting.catch(() => {}); // reported to the tests through /info
  const control = await serve(starting);
  project.provide('catwireCluster', control.url);
  return async () => {
    await new Promise((resolve) => control.server.close(resolve));
    await (await starting.catch(() => undefined))?.stop();
  };
}
