/**
 * The one starter behind every service process (system/services/starter.ts): the order of start
 * and stop that the rows rely on, and what a start that fails leaves behind (nothing running).
 * Written against the Promotions Service's generated start function on the in-memory transport.
 */
import { describe, expect, it } from 'vitest';
import { startPromotionsService, type PromotionsServiceContract } from '../../../generated/services/promotions-service/index.js';
import * as handlers from '../../../handlers/promotions-service/index.js';
import { Promotions } from '../../../system/domain/promotions-service/index.js';
import { serviceProcess, type ProcessOptions, type ServiceProcess, type StartProcess } from '../../../system/services/index.js';
import { logger, memoryTransport, recordingLogger } from './helpers.js';

interface Options extends ProcessOptions<PromotionsServiceContract> {
  readonly failIn?: 'create' | 'extend';
}

type PromotionsProcess = ServiceProcess<PromotionsServiceContract> & { readonly promotions: Promotions };

/** A Promotions process whose hooks record what runs, in order. */
function recordingProcess(steps: string[]): StartProcess<Options, PromotionsProcess> {
  const start: typeof startPromotionsService = async (transport, h, options) => {
    const service = await startPromotionsService(transport, h, options);
    steps.push('service started');
    const stop = async () => {
      await service.stop();
      steps.push('service stopped');
    };
    return { producer: service.producer, stop };
  };
  return serviceProcess({
    start,
    handlers,
    create: ({ options, stops }) => {
      stops.afterService(() => void steps.push('database closed'));
      if (options.failIn === 'create') throw new Error('migration failed');
      return new Promotions();
    },
    deps: (promotions, { logger: log }) => ({ promotions, logger: log }),
    extend: (promotions, { options, stops }) => {
      stops.beforeService(() => void steps.push('timer stopped'));
      stops.afterService(() => void steps.push('relay drained'));
      if (options.failIn === 'extend') throw new Error('resume failed');
      return { promotions };
    },
  });
}

// The declared process type checks the row: a member it names that `extend` does not return is a compile error.
// @ts-expect-error Property 'discount' is missing
const _missingMember: StartProcess<Options, PromotionsProcess & { discount(): void }> = serviceProcess({
  start: startPromotionsService,
  handlers,
  create: () => new Promotions(),
  deps: (promotions, { logger: log }) => ({ promotions, logger: log }),
  extend: (promotions) => ({ promotions }),
});

describe('serviceProcess', () => {
  it('stops the row\'s timers, then the service, then releases in reverse order; once', async () => {
    const steps: string[] = [];
    const transport = memoryTransport();
    const process = await recordingProcess(steps)(transport, { logger });
    expect(process.promotions).toBeInstanceOf(Promotions);
    await Promise.all([process.stop(), process.stop()]);
    await process.stop();
    expect(steps).toEqual(['service started', 'timer stopped', 'service stopped', 'relay drained', 'database closed']);
    await transport.close();
  });

  it.each([
    ['create', 'migration failed', ['database closed']],
    ['extend', 'resume failed', ['service started', 'timer stopped', 'service stopped', 'relay drained', 'database closed']],
  ] as const)('a start that fails in %s stops what it started and rethrows', async (failIn, message, expected) => {
    const steps: string[] = [];
    const transport = memoryTransport();
    await expect(recordingProcess(steps)(transport, { logger, failIn })).rejects.toThrow(message);
    expect(steps).toEqual(expected);
    await transport.close();
  });

  it('repeats periodic work until the process stops, logging a failed run, and waits for a run in flight', async () => {
    const transport = memoryTransport();
    const log = recordingLogger();
    let runs = 0;
    let inFlight = false;
    const start: StartProcess<ProcessOptions<PromotionsServiceContract>, PromotionsProcess> = serviceProcess({
      start: startPromotionsService,
      handlers,
      create: () => new Promotions(),
      deps: (promotions, { logger: l }) => ({ promotions, logger: l }),
      extend: (promotions, { repeat }) => {
        repeat(5, async () => {
          inFlight = true;
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight = false;
          if (++runs === 2) throw new Error('provider away');
        }, 'cycle-failed');
        return { promotions };
      },
    });
    const process = await start(transport, { logger: log });
    await expect.poll(() => runs).toBeGreaterThanOrEqual(3);
    expect(log.find('cycle-failed').map((e) => String(e.fields['error']))).toEqual(['Error: provider away']);
    await process.stop();
    expect(inFlight).toBe(false);
    await transport.close();
  });
});
