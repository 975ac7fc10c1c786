/**
 * The timeout sweeper: every `intervalMs` (and on `runOnce()`), fails the running steps whose
 * deadline passed. Never overlaps itself and never keeps the process alive.
 */
import type { Dispatch, SagaEngine } from './engine.js';

export interface SagaSweeperOptions {
  /** 0 = no timer (call `runOnce()` yourself). */
  readonly intervalMs: number;
  readonly dispatch: Dispatch;
  readonly onError?: (error: unknown) => void;
}

export interface SagaSweeper {
  /** One pass; resolves with the saga ids it failed. */
  runOnce(): Promise<string[]>;
  /** Stops the timer and waits for a running pass. Idempotent. */
  stop(): Promise<void>;
}

export function startSagaSweeper<D, R extends string>(engine: SagaEngine<D, R>, options: SagaSweeperOptions): SagaSweeper {
  let running: Promise<string[]> | undefined;
  const runOnce = (): Promise<string[]> =>
    (running ??= engine.sweep(options.dispatch).finally(() => {
      running = undefined;
    }));
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          if (!running) runOnce().catch((error: unknown) => options.onError?.(error));
        }, options.intervalMs)
      : undefined;
  timer?.unref();
  let stopped: Promise<void> | undefined;
  return {
    runOnce,
    stop: () =>
      (stopped ??= (async () => {
        if (timer) clearInterval(timer);
        await running?.catch(() => undefined);
      })()),
  };
}
