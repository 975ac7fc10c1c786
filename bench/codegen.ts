/**
 * Code generation section: `catwire generate` (the built CLI, whole process) on synthetic
 * catalogs of 100 and 1,000 services × 10 messages — cold, then a no-op regeneration — and, in
 * the same run, json-schema-to-typescript alone with its default formatting on the same schemas
 * as the baseline. Catalogs and output live on tmpfs where available: small-file writes on
 * the root disk stall unpredictably on this machine.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import type { BenchSection } from './index.js';
import { messageSchema, writeSyntheticCatalog } from './synthetic-catalog.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = 10;

interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
}

/** Runs the built CLI in a child process and reads back its own peak RSS (worker threads included). */
function generate(project: string): Promise<Run> {
  const script = [
    `const { run } = await import(${JSON.stringify(path.join(REPO, 'dist/cli/program.js'))});`,
    `const code = await run(['generate', '--runtime', 'catwire/runtime'], { out: () => {}, err: (t) => process.stderr.write(t), cwd: ${JSON.stringify(project)} });`,
    'process.stdout.write(JSON.stringify({ code, rss: process.resourceUsage().maxRSS }));',
  ].join('\n');
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - start) / 1000;
      if (error) return reject(new Error(`generate failed: ${stderr || error.message}`));
      const result = JSON.parse(stdout) as { code: number; rss: number };
      if (result.code !== 0) return reject(new Error(`generate exited ${result.code} in ${project}: ${stderr}`));
      resolve({ seconds, peakRssMb: result.rss / 1024 });
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

export const codegenBench: BenchSection = async ({ quick, log }) => {
  if (!existsSync(path.join(REPO, 'dist/cli/program.js'))) throw new Error('build first: npm run build');
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const sizes = quick ? [100] : [100, 1000];
  const figures: Record<string, number> = {};
  for (const services of sizes) {
    const project = mkdtempSync(path.join(base, `catwire-bench-${services}-`));
    try {
      writeSyntheticCatalog(path.join(project, 'catalog'), services, MESSAGES);
      const cold = await generate(project);
      const noop = await generate(project);
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
      figures.peak_rss_mb = Math.round(Math.max(cold.peakRssMb, noop.peakRssMb));
      figures.vs_j2ts = round(cold.seconds / j2ts);
      figures.noop_vs_cold = round(noop.seconds / cold.seconds);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  return figures;
};
