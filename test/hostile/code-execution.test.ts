/**
 * Hostile corpus, class "code execution while reading": front matter with a language tag
 * (gray-matter's default engines evaluate JavaScript), executable files a catalog may carry
 * (eventcatalog.config.js, package.json scripts, .js schemas and specs, MDX bodies) and YAML
 * tags that some loaders turn into functions. Each payload writes the marker file if it runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { link, put } from './fs-setup.js';
import { hostileSuite, type HostileCase } from './harness.js';

const EVENT = 'services/Producer/events/ThingHappened/index.mdx';
const WRITE_MARKER = "require('fs').writeFileSync('@@MARKER@@', 'ran')";

/** The event's index.mdx opened with `---<tag>` and a block that writes the marker when evaluated. */
function tagged(tag: string, block = `{ id: (${WRITE_MARKER}, 'thing-happened'), name: 'x', version: '1.0.0' }`): HostileCase {
  return {
    name: `front matter tagged "${tag}" is refused, not run`,
    files: { ...BASE_FILES, [EVENT]: `---${tag}\n${block}\n---\n# body\n` },
    exit: 1,
    codes: ['CW001'],
    says: [`${EVENT}:1 — the frontmatter is marked "${tag.trim()}", and only YAML or JSON frontmatter is read (catwire never runs code from a catalog). Open the block with a plain \`---\` line and write its keys as YAML.`],
  };
}

const cases: HostileCase[] = [
  tagged('js'),
  tagged('javascript'),
  tagged('coffee', `id: do -> ${WRITE_MARKER}`),
  tagged('JS'),
  tagged(' javascript '),
  tagged('ts'),
  tagged('toml', 'id = "thing-happened"'),
  {
    name: 'a tagged block in a team file is refused too',
    files: { ...BASE_FILES, 'teams/core.mdx': `---js\n({ id: (${WRITE_MARKER}, 'core') })\n---\n` },
    exit: 1,
    codes: ['CW001'],
  },
  {
    name: 'JSON front matter (---json) is read as data',
    files: {
      ...BASE_FILES,
      [EVENT]: `---json\n${JSON.stringify({ id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'A thing happened', owners: ['core'], schemaPath: 'schema.json' })}\n---\n`,
    },
    exit: 0,
  },
  {
    name: 'YAML front matter tagged ---yaml is read as data',
    files: { ...BASE_FILES, 'teams/core.mdx': '---yaml\nid: core\nname: Core team\nsummary: Owns everything here\n---\n' },
    exit: 0,
  },
  {
    name: 'a YAML !!js/function tag is not turned into code',
    files: { ...BASE_FILES, 'teams/core.mdx': `---\nid: core\nname: !!js/function "function () { ${WRITE_MARKER} }"\n---\n` },
    exit: 1,
    codes: ['CW001'],
  },
  {
    name: 'eventcatalog.config.js in the catalog is never imported',
    files: {
      ...BASE_FILES,
      'eventcatalog.config.js': `${WRITE_MARKER};\nexport default { title: 'x' };\n`,
      'eventcatalog.config.cjs': `${WRITE_MARKER};\nmodule.exports = {};\n`,
      'eventcatalog.config.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync('@@MARKER@@', 'ran');\nexport default {};\n`,
    },
    exit: 0,
  },
  {
    name: 'package.json scripts and a node_modules package in the catalog are never run',
    files: {
      ...BASE_FILES,
      'package.json': JSON.stringify({ name: 'c', scripts: { prepare: `node -e "${WRITE_MARKER}"`, postinstall: `node -e "${WRITE_MARKER}"` } }),
      'node_modules/evil/index.js': `${WRITE_MARKER};\n`,
      'node_modules/evil/package.json': JSON.stringify({ name: 'evil', main: 'index.js' }),
    },
    exit: 0,
  },
  {
    name: 'an MDX body with imports and expressions is never evaluated',
    files: {
      ...BASE_FILES,
      [EVENT]: `---\nid: thing-happened\nname: Thing happened\nversion: 1.0.0\nsummary: x\nowners: [core]\nschemaPath: schema.json\n---\nimport fs from 'node:fs';\nexport const ran = fs.writeFileSync('@@MARKER@@', 'ran');\n\n{fs.writeFileSync('@@MARKER@@', 'ran')}\n`,
    },
    exit: 0,
  },
  {
    name: 'a schema file named .js is read as text, not imported',
    files: {
      ...BASE_FILES,
      [EVENT]: { id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'x', owners: ['core'], schemaPath: 'schema.js' },
      'services/Producer/events/ThingHappened/schema.js': `${WRITE_MARKER};\nmodule.exports = { type: 'object' };\n`,
    },
  },
  {
    name: 'a specification named .js is parsed as a document, not imported',
    files: {
      ...BASE_FILES,
      'services/Producer/index.mdx': {
        id: 'producer', name: 'Producer', version: '1.0.0', summary: 'Sends', owners: ['core'],
        sends: [{ id: 'thing-happened', version: '1.0.0' }], specifications: [{ type: 'asyncapi', path: 'asyncapi.js' }],
      },
      'services/Producer/asyncapi.js': `${WRITE_MARKER};\nmodule.exports = {};\n`,
    },
    exit: 1,
  },
  {
    name: 'an example named .js is not picked up or run',
    files: { ...BASE_FILES, 'services/Producer/events/ThingHappened/examples/run.js': `${WRITE_MARKER};\n` },
    exit: 0,
  },
  {
    name: 'generated code does not embed the body of a tagged block',
    files: { ...BASE_FILES, 'teams/core.mdx': `---javascript\n({ id: 'core', name: (${WRITE_MARKER}, 'x') })\n---\n` },
    commands: ['validate', 'generate'],
    exit: 1,
    verify: ({ runs }) => {
      for (const run of runs) expect(run.out + run.err).not.toContain('writeFileSync');
    },
  },
  {
    name: 'a symlink named index.mdx pointing at a script outside is refused unread',
    files: BASE_FILES,
    setup: ({ project, catalog, marker }) => {
      const script = path.join(project, 'outside.mdx');
      put(script, `---js\n({ id: (${WRITE_MARKER.replace('@@MARKER@@', marker)}, 'x') })\n---\n`);
      link(script, path.join(catalog, 'services/Linked/index.mdx'));
    },
    exit: 1,
    codes: ['CW023'],
    says: ['services/Linked/index.mdx — the entry is a symbolic link that leads outside the catalog folder. Remove the link, or put the file itself in the catalog folder.'],
    verify: ({ project }) => {
      expect(readFileSync(path.join(project, 'outside.mdx'), 'utf8')).toContain('---js');
    },
  },
];

hostileSuite('code execution while reading', cases);
