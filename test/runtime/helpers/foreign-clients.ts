/**
 * Running the AMQP clients catwire did not write, as real processes: Debian's amqp-tools
 * (librabbitmq-c) and Python pika (helpers/pika_client.py, run by the system python, which has
 * the Debian package python3-pika; the PATH python may be another one without it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const PIKA_CLIENT = fileURLToPath(new URL('./pika_client.py', import.meta.url));

export const amqpToolsInstalled = existsSync('/usr/bin/amqp-publish') && existsSync('/usr/bin/amqp-consume');

export function run(file: string, args: readonly string[], input?: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file}: ${stderr || err.message}`)) : resolve(stdout),
    );
    // A client that has what it needs from its arguments may exit before reading its input: the
    // write then fails with EPIPE, which would surface as an uncaught error. Its exit status and
    // output say what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export interface PikaMessage {
  readonly body: string;
  readonly contentType: string | null;
  readonly type: string | null;
  readonly messageId: string | null;
  readonly correlationId: string | null;
  readonly appId: string | null;
  readonly headers: Record<string, unknown>;
}

/** One action of pika_client.py; its JSON answer. */
export async function pika<T>(request: Record<string, unknown>): Promise<T> {
  return JSON.parse(await run(PYTHON, [PIKA_CLIENT], JSON.stringify(request))) as T;
}

export async function pikaInstalled(): Promise<boolean> {
  if (!existsSync(PYTHON)) return false;
  return run(PYTHON, ['-c', 'import pika']).then(
    () => true,
    () => false,
  );
}

/** scripts/setup.sh and .ci/run install both clients: a missing one is a broken setup, not a skip. */
export async function requireForeignClients(): Promise<void> {
  if (!amqpToolsInstalled) throw new Error('amqp-tools is not installed: apt-get install amqp-tools (scripts/setup.sh --system)');
  if (!(await pikaInstalled())) throw new Error('python3-pika is not installed: apt-get install python3-pika (scripts/setup.sh --system)');
}
