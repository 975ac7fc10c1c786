/**
 * A throwaway three-node RabbitMQ cluster on this machine, for the tests and the benchmark that
 * need node failures: three node names, three AMQP ports, one Erlang cookie and one epmd shared
 * by the three (so they find each other), joined with `rabbitmqctl join_cluster`. All three boot
 * at once; the others then stop their app, join the first one by one, and start again.
 *
 * Kept small because it shares two cores with the tests: one scheduler per VM (`+S 1`, the
 * default would be two busy-waiting schedulers per node), a low memory watermark and a small
 * quorum WAL (the data is thrown away).
 *
 * A node can be stopped and started (`stop_app`/`start_app`: its VM stays up) or killed with
 * SIGKILL and started again on the same data directory, which rejoins the cluster.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killEpmd, rabbitmqctl, spawnRabbitNode, type NodeLayout, type NodeTuning, type RabbitNode } from './rabbitmq-node.js';

export interface RabbitCluster {
  /** One AMQP URL per node, in node order. */
  readonly urls: readonly string[];
  /** `urls` joined with commas: the form `AMQP_URL` takes for several brokers. */
  readonly url: string;
  readonly nodes: readonly { readonly nodeName: string; readonly port: number; readonly ctlEnv: Record<string, string> }[];
  readonly dir: string;
  /** Milliseconds from the first spawn to a cluster of three running nodes. */
  readonly startupMs: number;
  /** Process groups of the running nodes (benchmarks add up their CPU time). */
  processGroups(): number[];
  /** `rabbitmqctl -n <node i> …`. */
  ctl(index: number, args: readonly string[]): Promise<string>;
  /** Kills node `index` with SIGKILL (no clean shutdown, as a crashed machine). */
  kill(index: number): Promise<void>;
  /** Starts a killed node again on its data; resolves once it runs in the cluster. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

const TUNING: NodeTuning = {
  erlArgs: '+S 1 +sbwt none +sbwtdcpu none +sbwtdio none',
  config: [
    'vm_memory_high_watermark.relative = 0.05',
    'raft.wal_max_size_bytes = 32000000',
    'log.console = false',
    // No publisher is throttled by the free-disk check on a small temp folder.
    'disk_free_limit.absolute = 50MB',
  ],
};

async function running(index: number, cluster: { ctl(index: number, args: readonly string[]): Promise<string> }): Promise<void> {
  // `await_startup` returns once the app runs (or fails at once when it is not starting).
  await cluster.ctl(index, ['await_startup', '--timeout', '60']);
}

/** Starts the cluster; rejects (after stopping what it started) when it cannot form. */
export async function startRabbitCluster(size = 3): Promise<RabbitCluster> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'catwire-rmq-cluster-'));
  const cookie = randomBytes(16).toString('hex');
  writeFileSync(join(dir, '.erlang.cookie'), cookie, { mode: 0o400 });
  const epmdPort = await freePort();
  const layouts: NodeLayout[] = [];
  for (let i = 0; i < size; i++) {
    const nodeDir = join(dir, `n${i + 1}`);
    mkdirSync(nodeDir);
    layouts.push({ dir: nodeDir, home: dir, nodeName: `catwire-c${i + 1}-${process.pid}@localhost`, port: await freePort(), distPort: await freePort(), epmdPort });
  }
  const live: (RabbitNode | undefined)[] = layouts.map((layout) => spawnRabbitNode(layout, TUNING));
  const ctl = (index: number, args: readonly string[]) => rabbitmqctl(args, { nodeName: layouts[index]!.nodeName, ctlEnv: live[index]?.ctlEnv ?? nodeEnv(layouts[index]!) });
  const stopAll = async () => {
    await Promise.all(live.map((node) => node?.stop()));
    await killEpmd(epmdPort);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(live.map((node) => node!.ready));
    const first = layouts[0]!.nodeName;
    const others = layouts.slice(1).map((_, i) => i + 1);
    // Stopping and starting the apps runs in parallel; the joins one at a time, since each join
    // changes the membership the next one reads.
    await Promise.all(others.map((i) => ctl(i, ['stop_app'])));
    for (const i of others) await ctl(i, ['join_cluster', first]);
    await Promise.all(others.map((i) => ctl(i, ['start_app'])));
    await running(0, { ctl });
  } catch (err) {
    await stopAll();
    throw err;
  }
  const cluster: RabbitCluster = {
    urls: layouts.map((l) => `amqp://guest:guest@127.0.0.1:${l.port}`),
    get url() {
      return this.urls.join(',');
    },
    nodes: layouts.map((l) => ({ nodeName: l.nodeName, port: l.port, ctlEnv: nodeEnv(l) })),
    dir,
    startupMs: Date.now() - started,
    processGroups: () => live.flatMap((node) => (node?.processGroup !== undefined ? [node.processGroup] : [])),
    ctl,
    async kill(index) {
      const node = live[index];
      if (!node) return;
      live[index] = undefined;
      try {
        if (node.processGroup !== undefined) process.kill(-node.processGroup, 'SIGKILL');
      } catch {
        // already gone
      }
      await node.stop();
    },
    async restart(index) {
      if (live[index]) return;
      const node = spawnRabbitNode(layouts[index]!, TUNING);
      live[index] = node;
      await node.ready;
      await running(index, cluster);
    },
    stop: stopAll,
  };
  return cluster;
}

function nodeEnv(layout: NodeLayout): Record<string, string> {
  return { HOME: layout.home, ERL_EPMD_PORT: String(layout.epmdPort), RABBITMQ_CONF_ENV_FILE: join(layout.dir, 'rabbitmq-env.conf') };
}
