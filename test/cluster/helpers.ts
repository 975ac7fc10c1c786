/**
 * Access to the three-node cluster that test/setup/cluster.ts starts for this project: its URLs,
 * `rabbitmqctl` against one node, and killing/restarting a node (done by the setup process,
 * which owns the nodes).
 */
import { afterAll, beforeAll, inject } from 'vitest';
import type { ServiceContract, Transport } from '../../runtime/index.js';
import { params } from '../runtime/fixtures/contracts.js';
import { deleteTopology, uniquePrefix } from '../runtime/helpers/broker.js';
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

export interface ClusterFile {
  /** The cluster; there from the first test on. */
  readonly cluster: ClusterAccess;
  /** This file's topology prefix. */
  readonly prefix: string;
  /** The transports the file's tests open: closed after the file. */
  readonly transports: Transport[];
}

export interface ClusterFileOptions {
  /** Leaves the cluster as the next file needs it (restarts the node a test killed, starts the app it stopped). */
  restore(cluster: ClusterAccess): Promise<unknown>;
  /** The node (one the test leaves running) through which the file's topology is deleted. */
  readonly topologyVia: number;
  /** The contracts whose topology the file declares (under the runtime fixtures' `params`). */
  readonly contracts: readonly ServiceContract[];
}

/**
 * Registers the setup and teardown a cluster test file shares with the others (call it in the
 * file's `describe`): the cluster access before the first test; after the last, the transports
 * closed, the cluster restored, and the file's topology deleted, even when a test failed midway.
 */
export function clusterFile(options: ClusterFileOptions): ClusterFile {
  let access: ClusterAccess | undefined;
  const prefix = uniquePrefix();
  const transports: Transport[] = [];
  beforeAll(async () => {
    access = await cluster();
  });
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    if (!access) return;
    await options.restore(access);
    await deleteTopology(access.urls[options.topologyVia] as string, prefix, params, ...options.contracts);
  });
  return {
    get cluster() {
      if (!access) throw new Error('the cluster is there from the first test on, not while the file is collected');
      return access;
    },
    prefix,
    transports,
  };
}
