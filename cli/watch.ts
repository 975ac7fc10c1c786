/**
 * `catwire generate --watch`: one run now, then another whenever something under the catalog
 * changes — debounced, since an editor's save is several events. A run that finds errors
 * reports them and the watch goes on; each run is an ordinary `generate`, so one whose inputs
 * did not change is the cheap no-op of the run record. Ends when `stop` aborts (SIGINT).
 */
import { watch } from 'node:fs';
import type { Io } from './io.js';
import { relativePosix } from './paths.js';

/** Long enough to take a save (write, rename, touch) as one change, short enough to feel immediate. */
export const DEBOUNCE_MS = 150;

export interface WatchOptions {
  readonly catalog: string;
  /** One generate run; resolves with its exit code. */
  readonly run: () => Promise<number>;
  readonly stop: AbortSignal;
  readonly debounceMs?: number;
}

export async function watchCatalog(options: WatchOptions, io: Io): Promise<number> {
  const label = `${relativePosix(io.cwd, options.catalog)}/`;
  const runSafely = async () => {
    try {
      await options.run();
    } catch (error) {
      // A usage or internal error of one run is reported; the next change gets a new run.
      io.err(`catwire generate --watch: this run failed: ${(error as Error).message}\n`);
    }
  };
  await runSafely();
  if (options.stop.aborted) return 0;
  io.out(`catwire generate --watch: watching ${label} (Ctrl-C stops)\n`);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let pending = false;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Runs never overlap: a change during a run gets one more run after it.
      if (pending) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        if (options.stop.aborted) return;
        io.out(`catwire generate --watch: ${label} changed\n`);
        await runSafely();
      });
    }, options.debounceMs ?? DEBOUNCE_MS);
  };
  const watcher = watch(options.catalog, { recursive: true }, schedule);
  await new Promise<void>((resolve) => {
    watcher.on('error', (error) => {
      io.err(`catwire generate --watch: cannot watch ${label} any longer (${error.message})\n`);
      resolve();
    });
    if (options.stop.aborted) resolve();
    else options.stop.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  watcher.close();
  await running;
  io.out('catwire generate --watch: stopped\n');
  return 0;
}
