// Runs catwire's commands on one hostile catalog in one child process (the built CLI, as CI
// runs it), so the harness can hold each case to a wall-clock budget and kill a run that hangs.
// argv: <project dir> <command>...; prints one JSON line per command on fd 3.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [project, ...commands] = process.argv.slice(2);
const repo = path.resolve(import.meta.dirname, '../..');
const { run } = await import(pathToFileURL(path.join(repo, 'dist/cli/program.js')).href);
const ARGS = {
  validate: ['validate', 'catalog'],
  generate: ['generate', '--catalog', 'catalog', '--out', 'out', '--handlers', 'handlers', '--no-cache'],
  check: ['check', '--catalog', 'catalog', '--out', 'out', '--handlers', 'handlers'],
};
for (const command of commands) {
  let out = '';
  let err = '';
  const started = performance.now();
  const code = await run(ARGS[command], { out: (t) => void (out += t), err: (t) => void (err += t), cwd: project });
  const ms = Math.round(performance.now() - started);
  writeSync(3, `${JSON.stringify({ command, code, out, err, ms })}\n`);
}
