/**
 * Property: whatever the catalog does to a service's received messages (add, remove,
 * re-version, pin an old version), regeneration never changes a byte of what the developer
 * wrote in a stub — only the managed import block and the handler's signature types.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { mdx } from '../helpers/catalog-fixture.js';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

const project = tempProject(ORDER_FIXTURE);
afterAll(() => project.cleanup());
const abs = (p: string) => path.join(project.root, p);
const SERVICE = 'catalog/services/Orders/index.mdx';

function random(seed: number): () => number {
  // mulberry32: a small seeded generator, so a failure can be replayed.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readFrontmatter(file: string): Record<string, unknown> {
  return parse(readFileSync(abs(file), 'utf8').split('---')[1] ?? '') as Record<string, unknown>;
}
const writeFrontmatter = (file: string, fm: object) => writeFileSync(abs(file), `---\n${stringify(fm)}---\n`);

/** What the developer owns in a stub: everything but the managed block and the signature line. */
function userPart(text: string): string {
  return text
    .replace(/\/\/ catwire:managed-imports[\s\S]*?\/\/ catwire:end-managed-imports/, '<managed>')
    .replace(/^export async function [^\n]*\{$/m, '<signature>');
}

function stubFiles(): string[] {
  const dir = abs('handlers/order-service');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f !== 'index.ts').map((f) => `handlers/order-service/${f}`) : [];
}

const generate = async () => {
  const result = await cli(['generate', '--runtime', project.runtime], project.root);
  if (result.code !== 0) throw new Error(result.err);
  return result;
};

describe('handler stubs survive regeneration', () => {
  it('keeps every edited body byte for byte over many catalog changes', async () => {
    const orphans: string[] = [];
    let updated = 0;
    const rand = random(20261122);
    let added = 0;
    await generate();
    for (let cycle = 0; cycle < 14; cycle++) {
      // The developer edits every stub: a body, an import of their own, a helper.
      for (const file of stubFiles()) {
        const text = readFileSync(abs(file), 'utf8');
        if (text.includes('// user code')) continue;
        const edited = text
          .replace(/throw new Error\([^\n]*\);/, `// user code ${file} keeps this\n  const seen = new Set<string>([String(Date.now())]);\n  if (seen.size > 5) return undefined as never;\n  throw new Error('edited ${cycle}');`)
          .concat(`\nexport function helper${cycle}(): number {\n  return ${cycle};\n}\n`)
          .replace('// catwire:end-managed-imports', `// catwire:end-managed-imports\nimport { setTimeout as sleep } from 'node:timers/promises';\nvoid sleep;`);
        writeFileSync(abs(file), edited);
      }
      const before = new Map(stubFiles().map((f) => [f, userPart(readFileSync(abs(f), 'utf8'))]));

      // The catalog changes.
      const service = readFrontmatter(SERVICE) as { receives: { id: string; version?: string }[] };
      const choice = rand();
      if (choice < 0.35 || service.receives.length === 0) {
        added += 1;
        const id = `do-thing-${cycle}`;
        mkdirSync(abs(`catalog/services/Orders/commands/T${cycle}`), { recursive: true });
        writeFileSync(abs(`catalog/services/Orders/commands/T${cycle}/index.mdx`), mdx({ id, name: `Do ${cycle}`, version: '1.0.0', summary: 's', owners: ['core'] }));
        service.receives.push({ id });
      } else if (choice < 0.55 && service.receives.some((r) => r.id.startsWith('do-thing-'))) {
        // A message leaves the catalog: its resource and the pointer go.
        const gone = service.receives.filter((r) => r.id.startsWith('do-thing-'))[0] as { id: string };
        service.receives = service.receives.filter((r) => r !== gone);
        rmSync(abs(`catalog/services/Orders/commands/T${gone.id.slice('do-thing-'.length)}`), { recursive: true });
      } else if (choice < 0.8) {
        // Re-version: the newest version moves on, and this service pins the old one.
        const target = service.receives[Math.floor(rand() * service.receives.length)] as { id: string; version?: string };
        const folder = readdirSync(abs('catalog/services'), { recursive: true, encoding: 'utf8' })
          .map((p) => `catalog/services/${p}`)
          .find((p) => p.endsWith('index.mdx') && !p.includes('versioned') && readFileSync(abs(p), 'utf8').includes(`id: ${target.id}\n`));
        if (folder && !folder.endsWith(SERVICE.slice('catalog/services/'.length))) {
          const fm = readFrontmatter(folder) as { version: string };
          const dir = path.dirname(folder);
          mkdirSync(abs(`${dir}/versioned/${fm.version}`), { recursive: true });
          writeFileSync(abs(`${dir}/versioned/${fm.version}/index.mdx`), readFileSync(abs(folder), 'utf8').replace('schemaPath: schema.json\n', ''));
          const next = `${Number(fm.version.split('.')[0]) + 1}.0.0`;
          writeFrontmatter(folder, { ...fm, version: next });
          target.version = fm.version;
        }
      } else {
        // Back to latest: the pin is dropped.
        for (const r of service.receives) delete r.version;
      }
      writeFrontmatter(SERVICE, service);
      const { out } = await generate();
      const section = out.split('no longer received')[1] ?? '';
      orphans.push(...section.split('\n').filter((l) => l.startsWith('  handlers/')));
      const updates = (out.split('\nupdated:\n')[1] ?? '').split('\n').filter((l) => l.startsWith('  handlers/'));
      updated += updates.filter((l) => !l.endsWith('/index.ts')).length;

      for (const [file, user] of before) {
        if (!existsSync(abs(file))) throw new Error(`${file} was deleted`);
        expect(userPart(readFileSync(abs(file), 'utf8')), `cycle ${cycle}: ${file}`).toBe(user);
      }
    }
    expect(added).toBeGreaterThan(2);
    // Stubs of messages that left the catalog are reported and kept.
    expect(orphans.length).toBeGreaterThan(0);
    // Some cycles changed a stub's signature (a pinned old version gets its own type).
    expect(updated).toBeGreaterThan(0);
  });
});
