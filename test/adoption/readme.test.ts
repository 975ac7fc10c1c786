/**
 * The README's "Use it in your project", followed as a newcomer would: both packages packed from
 * this checkout (`npm run build` first, as `npm test` does), a fresh project in the temp folder,
 * each `adopt` step of the README in order — install (the tarballs in place of the registry
 * names), init, generate, the handler, `tsc` under strict, main.ts run until its output appears,
 * the contract tests in memory and on the suite's RabbitMQ. Any failing step fails the test.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TSCONFIG, VITEST_CONFIG, INSTALL_COMMANDS } from '../../cli/project-setup.js';
import { REPO } from '../helpers/run-cli.js';
import { brokerUrl } from '../runtime/helpers/broker.js';
import { runUntil, sh } from './processes.js';
import { readmeSteps, type Step } from './readme-steps.js';

const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const steps = readmeSteps(README);

/** The registry names of the README stand for the tarballs packed from this checkout. */
function localized(command: string, tarballs: { runtime: string; cli: string }, amqpUrl: string): string {
  const words = command.split(' ');
  const install = words[0] === 'npm' && words[1] === 'install';
  const mapped = words.map((w) => (install && w === '@catwire/runtime' ? tarballs.runtime : install && w === 'catwire' ? tarballs.cli : w));
  // Quieter and quicker, with the same result: no audit report, no funding notice, the local cache first.
  if (install) mapped.push('--no-audit', '--no-fund', '--prefer-offline');
  return mapped
    .join(' ')
    .replaceAll('amqp://guest:guest@localhost:5672', amqpUrl);
}

const work = mkdtempSync(path.join(tmpdir(), 'catwire-adoption-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README's Use it in your project", () => {
  it('shows what catwire init prints', () => {
    const files = new Map(steps.flatMap((s) => (s.kind === 'file' ? [[s.path, s.content] as const] : [])));
    expect(files.get('tsconfig.json')).toBe(TSCONFIG);
    expect(files.get('vitest.config.ts')).toBe(VITEST_CONFIG);
    const commands = steps.flatMap((s) => (s.kind === 'commands' ? s.commands : []));
    for (const c of INSTALL_COMMANDS) expect(commands).toContain(c);
  });

  it('takes an empty folder to passing contract tests in memory and on RabbitMQ', async () => {
    for (const dir of ['dist/cli/bin.js', 'packages/runtime/dist/index.js']) {
      if (!existsSync(path.join(REPO, dir))) throw new Error(`${dir} is missing: run npm run build first`);
    }
    const packs = path.join(work, 'packs');
    mkdirSync(packs);
    for (const args of ['', '-w packages/runtime']) {
      const packed = await sh(`npm pack ${args} --ignore-scripts --pack-destination ${packs}`, REPO);
      expect(packed.code, packed.output).toBe(0);
    }
    const tgz = readdirSync(packs);
    const tarballs = {
      runtime: path.join(packs, tgz.find((f) => f.startsWith('catwire-runtime-')) as string),
      cli: path.join(packs, tgz.find((f) => /^catwire-\d/.test(f)) as string),
    };
    const amqpUrl = await brokerUrl();
    const project = path.join(work, 'shop');
    mkdirSync(project);

    const started = Date.now();
    const log: string[] = [];
    const run = async (command: string, output: readonly string[] = []) => {
      const result = await sh(localized(command, tarballs, amqpUrl), project);
      log.push(`$ ${command}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      expect(result.code, `README step \`${command}\` failed:\n${result.output}`).toBe(0);
      for (const line of output) expect(result.output.split('\n'), `README step \`${command}\` did not print "${line}":\n${result.output}`).toContain(line);
    };
    for (const step of steps as Step[]) {
      if (step.kind === 'file') {
        mkdirSync(path.dirname(path.join(project, step.path)), { recursive: true });
        writeFileSync(path.join(project, step.path), step.content);
      } else if (step.kind === 'commands') {
        for (const [i, command] of step.commands.entries()) await run(command, i === step.commands.length - 1 ? step.output : []);
      } else {
        for (const command of step.before) await run(command);
        const service = await runUntil(localized(step.command, tarballs, amqpUrl), project, step.output);
        log.push(`$ ${step.command}, until its output, then SIGINT  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        expect(service.seen, `README step \`${step.command}\` never printed ${JSON.stringify(step.output)}:\n${service.output}`).toBe(true);
        expect(service.code, `README step \`${step.command}\` did not stop cleanly on SIGINT:\n${service.output}`).toBe(0);
      }
    }
    // The figure the issue asks for: from an empty folder to passing contract tests.
    console.info(`adoption: ${((Date.now() - started) / 1000).toFixed(1)} s from an empty folder to passing contract tests\n${log.join('\n')}`);
  }, 600_000);
});
