/** Commands run as a user runs them in a shell: in a folder, with the user's environment. */
import { spawn } from 'node:child_process';

const STEP_TIMEOUT_MS = 240_000;

export interface Run {
  /** The exit code, or the signal that ended the process. */
  readonly code: number | NodeJS.Signals | null;
  readonly output: string;
}

/** The environment of a user's shell: none of this test runner's own variables. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|NODE_OPTIONS$|NODE_ENV$|AMQP_URL$|CATWIRE_|TEST$)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

export function sh(command: string, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, output });
    });
  });
}

/** Starts `command`, waits until its output holds every expected line, stops it with SIGINT. */
export function runUntil(command: string, cwd: string, expected: readonly string[]): Promise<Run & { seen: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `exec env ${command}`], { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let seen = false;
    const check = () => {
      if (!seen && expected.every((line) => output.split('\n').includes(line))) {
        seen = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (d: Buffer) => ((output += d.toString()), check()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, output, seen });
    });
  });
}

