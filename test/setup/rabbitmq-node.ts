/**
 * Starts a throwaway RabbitMQ node from Debian's `rabbitmq-server` without systemd: its own node
 * name, AMQP port, distribution port, epmd port, data/log dirs and Erlang cookie (HOME) under a
 * temp dir, so it never touches a system broker. The server runs as a foreground child (the
 * script traps SIGTERM and stops the VM cleanly). Readiness is a TCP poll of the AMQP port: the
 * listener opens in the last boot step (~6-8 s on 2 cores). Used by the vitest global setup and
 * by `npm run bench`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SBIN = '/usr/lib/rabbitmq/bin';

export interface RabbitNode {
  readonly url: string;
  readonly port: number;
  readonly nodeName: string;
  /** Environment under which `rabbitmqctl -n <nodeName>` reaches this node. */
  readonly ctlEnv: Record<string, string>;
  readonly dir: string;
  /** The node runs in a process group of its own with this id (benchmarks add up its CPU time). */
  readonly processGroup: number | undefined;
  /** Resolves when the AMQP port accepts connections; rejects with the log location otherwise. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export function rabbitAvailable(): boolean {
  return existsSync(join(SBIN, 'rabbitmq-server'));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function waitForPort(port: number, timeoutMs: number, describe: () => string, stopped: () => boolean = () => false): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (stopped()) return reject(new Error(`RabbitMQ on port ${port} was stopped before it was ready`));
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > until) reject(new Error(`RabbitMQ did not open port ${port} within ${timeoutMs} ms; ${describe()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** Spawns the node and returns at once; await `ready` before connecting. */
export async function startRabbitNode(name = `catwire-test-${process.pid}`): Promise<RabbitNode> {
  const dir = mkdtempSync(join(tmpdir(), 'catwire-rmq-'));
  const layout: NodeLayout = { dir, home: dir, nodeName: `${name}@localhost`, port: await freePort(), distPort: await freePort(), epmdPort: await freePort() };
  const spawned = spawnRabbitNode(layout, {});
  return {
    ...spawned,
    async stop() {
      await spawned.stop();
      await killEpmd(layout.epmdPort);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where a node keeps its files and which ports it listens on; a restarted node reuses it. */
export interface NodeLayout {
  /** The node's own data: mnesia, logs, config. */
  readonly dir: string;
  /** HOME of server and CLI: holds the Erlang cookie (cluster members share it). */
  readonly home: string;
  readonly nodeName: string;
  readonly port: number;
  readonly distPort: number;
  /** The epmd the node registers with (cluster members share it, so they find each other). */
  readonly epmdPort: number;
}

export interface NodeTuning {
  /** Lines for the node's rabbitmq.conf (sysctl format). */
  readonly config?: readonly string[];
  /** Extra arguments for the Erlang VM, e.g. `+S 1` for one scheduler. */
  readonly erlArgs?: string;
}

/**
 * Spawns `rabbitmq-server` on a layout (creating its folders on the first start) and returns
 * at once. `stop()` ends this process only: the layout's folder and epmd stay, for a restart.
 */
export function spawnRabbitNode(layout: NodeLayout, tuning: NodeTuning): RabbitNode {
  const { dir, home, nodeName, port, distPort, epmdPort } = layout;
  for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(join(dir, 'rabbitmq.conf'), (tuning.config ?? []).map((line) => `${line}\n`).join(''));
  const ctlEnv: Record<string, string> = {
    HOME: home, // the Erlang cookie is created here, shared by server and CLI
    ERL_EPMD_PORT: String(epmdPort), // our own epmd, stopped with the node (or the cluster)
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
  };
  const env = {
    ...process.env,
    ...ctlEnv,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    ...(tuning.erlArgs ? { RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: tuning.erlArgs } : {}),
  };
  const out = openSync(join(dir, 'server.log'), 'a');
  const child: ChildProcess = spawn(join(SBIN, 'rabbitmq-server'), [], { env, stdio: ['ignore', out, out], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const describe = () => `see ${join(dir, 'server.log')} and ${join(dir, 'log')}`;
  let booted = false;
  let stopping = false;
  const ready = waitForPort(port, 60_000, describe, () => stopping).then(() => void (booted = true));
  ready.catch(() => {}); // observed by whoever awaits it
  const kill = () => {
    const pid = child.pid;
    try {
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    nodeName,
    ctlEnv,
    dir,
    processGroup: child.pid,
    ready,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        // A booted node stops cleanly on SIGTERM (~1 s). One still booting is killed outright:
        // its data dir is thrown away anyway, and a run of fast tests should not wait for the boot.
        if (booted) child.kill('SIGTERM');
        else kill();
        const killer = setTimeout(kill, 5_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/**
 * Stops our epmd. It refuses while a node is still registered (deregistration can trail the
 * node's exit a little), and a node killed while booting may have just spawned it, so keep
 * trying for up to 2 s until it answers "Killed".
 */
export async function killEpmd(port: number): Promise<void> {
  const until = Date.now() + 2_000;
  while (Date.now() < until) {
    const out = await new Promise<string>((resolve) => execFile('epmd', ['-port', String(port), '-kill'], (_err, stdout) => resolve(stdout)));
    if (out.includes('Killed')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `rabbitmqctl` against a node (ours, or the default one when `node` is undefined). */
export function rabbitmqctl(args: readonly string[], node?: { nodeName: string; ctlEnv: Record<string, string> }): Promise<string> {
  const file = node ? join(SBIN, 'rabbitmqctl') : 'rabbitmqctl';
  const fullArgs = node ? ['-n', node.nodeName, ...args] : [...args];
  return new Promise((resolve, reject) => {
    execFile(file, fullArgs, { env: { ...process.env, ...node?.ctlEnv } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`rabbitmqctl ${fullArgs.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}
