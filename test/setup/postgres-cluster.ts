/**
 * Starts a throwaway PostgreSQL cluster from Debian's `postgresql` package (no systemd, no
 * pg_ctlcluster): initdb into a temp dir, a free TCP port on 127.0.0.1, the unix socket in the
 * temp dir, a random superuser password, durability off (fsync, synchronous_commit,
 * full_page_writes: the data is thrown away). The server refuses to run as root, so under root
 * initdb/postgres/pg_ctl run as the `postgres` OS user, which owns the temp dir. The postmaster
 * is a child of this process (reaped here; an early exit, e.g. a port taken meanwhile, is seen at
 * once and retried on another port). Readiness: a successful connection. `stop()` runs
 * `pg_ctl stop -m fast` and deletes the dir.
 */
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** Directory with initdb, pg_ctl and postgres: $PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  if (env['PG_BIN']) candidates.push(env['PG_BIN']);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin))));
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** The server refuses to start as root: then run as `postgres`. */
function runAs(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no `postgres` OS user to run PostgreSQL as (install the postgresql package)');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(file: string, args: readonly string[], user: RunAs | undefined, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' }, ...(user ?? {}), timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Resolves once a connection succeeds; rejects when the server exits or does not come up in time. */
async function waitForConnection(url: string, server: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new ServerExited(`PostgreSQL exited during start-up (${server.exitCode ?? server.signalCode}); log ${logFile}:\n${tail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      last = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms (${reason}); log ${logFile}:\n${tail(logFile)}`);
}

class ServerExited extends Error {}

export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'catwire-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const pwFile = join(dir, 'pw');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
  }
  const pgCtl = join(bin, 'pg_ctl');
  let server: ChildProcess | undefined;
  const running = () => server !== undefined && server.exitCode === null && server.signalCode === null;
  const stopSync = () => {
    if (running()) spawnSync(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-s'], { ...(user ?? {}), stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  // Teardown normally stops the cluster; this covers a vitest process that exits without it.
  const onExit = () => stopSync();
  process.once('exit', onExit);
  try {
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--pwfile', pwFile, '--auth', 'scram-sha-256', '-E', 'UTF8', '--locale', 'C', '--no-sync', '--no-instructions'],
      user,
      dir,
    );
    rmSync(pwFile, { force: true });
    const version = readFileSync(join(data, 'PG_VERSION'), 'utf8').trim();
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const log = openSync(logFile, 'a');
      server = spawn(
        join(bin, 'postgres'),
        [
          '-D', data,
          '-p', String(port),
          '-c', 'listen_addresses=127.0.0.1',
          '-c', `unix_socket_directories=${dir}`,
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
          '-c', 'max_connections=200',
          '-c', 'shared_buffers=32MB',
        ],
        { cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' }, stdio: ['ignore', log, log], ...(user ?? {}) },
      );
      closeSync(log);
      server.on('error', () => undefined); // seen as an exit by waitForConnection
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      try {
        await waitForConnection(url, server, 30_000, logFile);
      } catch (error) {
        // Another process took the port between freePort() and the bind: try another one.
        if (error instanceof ServerExited && attempt < 3 && /could not bind|already in use/i.test(tail(logFile))) continue;
        throw error;
      }
      const child = server;
      const exited = new Promise<void>((resolve) => (running() ? child.once('exit', () => resolve()) : resolve()));
      return {
        url,
        port,
        dir,
        logFile,
        version,
        async stop() {
          process.removeListener('exit', onExit);
          if (running()) {
            try {
              await run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-s'], user, dir);
            } catch {
              child.kill('SIGQUIT'); // immediate shutdown
            }
            await exited;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    // initdb's errors carry its output, start-up errors the log's tail.
    process.removeListener('exit', onExit);
    stopSync();
    throw error;
  }
}
