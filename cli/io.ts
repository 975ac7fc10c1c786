import { homedir } from 'node:os';
import path from 'node:path';

/** Where a command writes: the process streams in production, buffers in tests. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /**
   * This machine's cache folder, outside any project (`$XDG_CACHE_HOME`, else `~/.cache`), where
   * `generate` records its runs (generate-cache.ts). Without it, no run is recorded or skipped.
   */
  readonly cacheHome?: string;
  /** Aborts when the user interrupts (SIGINT, SIGTERM); for commands that run until then (`generate --watch`). */
  readonly interrupted?: () => AbortSignal;
}

/** `$XDG_CACHE_HOME`, else `~/.cache`; a relative XDG path is ignored, as the XDG spec says. */
export function cacheHomeOf(env: Readonly<Record<string, string | undefined>>, home = homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  cacheHome: cacheHomeOf(process.env),
  interrupted: () => {
    const controller = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
    return controller.signal;
  },
};

/** A failure of how the command was called (exit code 2), as opposed to bad input (1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
