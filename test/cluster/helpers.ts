/**
 * Access to the three-node cluster that test/setup/cluster.ts starts for this project: its URLs,
 * `rabbitmqctl` against one node, and killing/restarting a node (done by the setup process,
 * which owns the nodes).
 */
import { inject } from 'vitest';
import type { ClusterInfo } from '../setup/cluster.js';
import { rabbitmqctl } from '../setup/rabbitmq-node.js';

export interface ClusterAccess extends ClusterInfo {
  /** The node URLs starting at node `first`, then the others in order: the failover list of a client on that node. */
  urlsFrom(first: number): string[];
  ctl(index: number, ...args: string[]): Promise<string>;
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
}

async function call(base: string, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method });
  const text = await res.text();
  if (!res.ok) throw new Error(`cluster ${path}: ${text}`);
  return JSON.parse(text) as unknown;
}

export async function cluster(): Promise<ClusterAccess> {
  const base = inject('catwireCluster');
  if (!base) throw new Error('no cluster: run the tests of the `cluster` project (vitest.config.ts)');
  const info = (await call(base, 'GET', '/info')) as ClusterInfo;
  return {
    ...info,
    urlsFrom: (first) => info.urls.map((_, i) => info.urls[(first + i) % info.urls.length] as string),
    ctl: (index, ...args) => rabbitmqctl(args, info.nodes[index]),
    kill: async (index) => void (await call(base, 'POST', `/kill/${index}`)),
    restart: async (index) => void (await call(base, 'POST', `/restart/${index}`)),
  };
}
