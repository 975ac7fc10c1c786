/**
 * The steps of the README's "Use it in your project", as the adoption test runs them: every
 * fenced block whose info string says `adopt`, in order. `sh adopt` blocks are commands (one a
 * line), `<lang> adopt file=<path>` blocks are files written as shown, and a `text adopt
 * output` block right after a `sh adopt` block holds lines its last command must print. `sh adopt
 * run-until-output` runs its last command until those lines appear, then stops it with SIGINT
 * and expects a clean exit.
 */
export type Step =
  | { readonly kind: 'commands'; readonly commands: readonly string[]; readonly output: readonly string[] }
  | { readonly kind: 'file'; readonly path: string; readonly content: string }
  | { readonly kind: 'service'; readonly before: readonly string[]; readonly command: string; readonly output: readonly string[] };

export const SECTION = '## Use it in your project';

export function readmeSteps(readme: string): Step[] {
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/^```(\w+) adopt([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] as string,
    info: (m[2] as string).trim(),
    body: m[3] as string,
  }));
  const steps: Step[] = [];
  const lines = (body: string) => body.split('\n').filter((l) => l.trim() !== '');
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as (typeof blocks)[number];
    if (block.info.startsWith('file=')) steps.push({ kind: 'file', path: block.info.slice('file='.length), content: block.body });
    else if (block.lang === 'sh' && (block.info === '' || block.info === 'run-until-output')) {
      const next = blocks[i + 1];
      const output = next?.lang === 'text' && next.info === 'output' ? lines(next.body) : [];
      if (output.length > 0) i++;
      const commands = lines(block.body);
      if (block.info === '') steps.push({ kind: 'commands', commands, output });
      else if (output.length === 0) throw new Error('a run-until-output block must be followed by a `text adopt output` block');
      else steps.push({ kind: 'service', before: commands.slice(0, -1), command: commands.at(-1) as string, output });
    } else throw new Error(`README block \`${block.lang} adopt ${block.info}\` is not a step the adoption test knows`);
  }
  return steps;
}
