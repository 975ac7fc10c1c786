/**
 * Code generation section: `catwire generate` (the built CLI, whole process) on synthetic
 * catalogs of 100 and 1,000 services × 10 messages — cold (no output, no stubs, no record of
 * an earlier run), then a no-op regeneration, each the median of three runs — and, in the same
 * run, json-schema-to-typescript alone with its default formatting on the same schemas as the
 * baseline. Catalogs and output live on tmpfs where available: small-file writes on the root
 * disk stall unpredictably on this machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import type { BenchSection } from './index.js';
import { median } from './median.js';
import { messageSchema, writeSyntheticCatalog } from './synthetic-catalog.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = 10;
const ROUNDS = 3;

interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
}

/**
 * Runs the built CLI as a user does (`catwire generate`, its own process and entry point) and
 * reads back its peak RSS, worker threads included, through a preloaded reporter.
 */
/** Where a run's record goes (XDG_CACHE_HOME), inside the bench's temporary project. */
const CACHE_HOME = 'cache-home';

function generate(project: string): Promise<Run> {
  const args = ['--import', pathToFileURL(path.join(REPO, 'bench/report-peak-rss.mjs')).href, path.join(REPO, 'dist/cli/bin.js'), 'generate', '--runtime', 'catwire/runtime'];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    // The project's own cache folder for generate's record: the runs neither read nor leave one in the user's.
    const env = { ...process.env, XDG_CACHE_HOME: path.join(project, CACHE_HOME) };
    const child = spawn(process.execPath, args, { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let report = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`generate exited ${code} in ${project}: ${stderr}`));
      const { maxRssKb } = JSON.parse(report) as { maxRssKb: number };
      resolve({ seconds, peakRssMb: maxRssKb / 1024 });
    });
  });
}

async function j2tsFormatted(services: number): Promise<number> {
  await compile(messageSchema(-1, -1) as never, 'Warmup', { bannerComment: '' });
  const start = performance.now();
  for (let s = 0; s < services; s++) {
    for (let m = 0; m < MESSAGES; m++) await compile(messageSchema(s, m) as never, `Svc${s}Event${m}`, { bannerComment: '' });
  }
  return (performance.now() - start) / 1000;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The median time of the runs, with the highest peak RSS among them. */
function medianRun(runs: readonly Run[]): Run {
  return { seconds: median(runs.map((run) => run.seconds)), peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)) };
}

export const codegenBench: BenchSection = async ({ quick, log }) => {
  if (!existsSync(path.join(REPO, 'dist/cli/program.js'))) throw new Error('build first: npm run build');
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const sizes = quick ? [100] : [100, 1000];
  const figures: Record<string, number> = {};
  for (const services of sizes) {
    const project = mkdtempSync(path.join(base, `catwire-bench-${services}-`));
    try {
      writeSyntheticCatalog(path.join(project, 'catalog'), services, MESSAGES);
      const colds: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // What a first run finds: no output, no stubs, no record of an earlier run.
        for (const left of ['generated', 'handlers', CACHE_HOME]) rmSync(path.join(project, left), { recursive: true, force: true });
        colds.push(await generate(project));
      }
      const noops: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) noops.push(await generate(project));
      const cold = medianRun(colds);
      const noop = medianRun(noops);
      const j2ts = await j2tsFormatted(services);
      const size = `${services}x${MESSAGES}`;
      log(
        `${size}: cold ${cold.seconds.toFixed(2)} s (peak RSS ${cold.peakRssMb.toFixed(0)} MB), no-op ${noop.seconds.toFixed(2)} s, ` +
          `json-schema-to-typescript formatted ${j2ts.toFixed(2)} s → codegen/j2ts ${(cold.seconds / j2ts).toFixed(2)}, no-op/cold ${(noop.seconds / cold.seconds).toFixed(2)}`,
      );
      figures[`cold_${size}_s`] = round(cold.seconds);
      figures[`noop_${size}_s`] = round(noop.seconds);
      figures[`j2ts_formatted_${size}_s`] = round(j2ts);
      // The largest size run decides the headline ratios.
      figures.peak_rss_mb = Math.round(Math.max(...[...colds, ...noops].map((run) => run.peakRssMb)));
      figures.vs_j2ts = round(cold.seconds / j2ts);
      figures.noop_vs_cold = round(noop.seconds / cold.seconds);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  return figures;
};
