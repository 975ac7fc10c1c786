// Lint exists mainly to hold the import directions of the architecture:
//   cli ──► generators ──► templates;  generated ──► runtime (public entry only);
//   runtime ──► amqplib, ajv, node built-ins;  test ──► anything.
import tseslint from 'typescript-eslint';

const folder = (name) => [`**/${name}`, `**/${name}/**`];
const forbid = (names, message) => ({ group: names.flatMap(folder), message });

const runtimeInternals = { group: ['**/runtime/internal', '**/runtime/internal/**'], message: 'Import the runtime through runtime/index.js only.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'packages/*/dist/**', 'test/fixtures/**', 'catalog/**', '.tmp/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-duplicate-imports': 'off',
    },
  },
  {
    files: ['generators/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['runtime', 'cli', 'generated', 'test'], 'generators/ may import templates/ only (cli ──► generators ──► templates).'),
      ] }],
    },
  },
  {
    files: ['templates/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['generators', 'runtime', 'cli', 'generated', 'test'], 'templates/ receive finished view data and import nothing from the project.'),
      ] }],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['generated', 'test', 'templates'], 'cli/ reaches templates through generators/.'),
        runtimeInternals,
      ] }],
    },
  },
  {
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['generators', 'cli', 'generated', 'templates', 'test'], 'runtime/ never depends on the rest of the project.'),
        { group: ['*', '!amqplib', '!ajv', '!ajv/**', '!ajv-formats', '!@opentelemetry', '@opentelemetry/*', '!@opentelemetry/api', '!node:*', '!.', '!./**', '!..', '!../**'],
          message: 'runtime/ depends on amqplib, ajv, @opentelemetry/api and node built-ins only.' },
      ] }],
    },
  },
  {
    // The example system and its handlers are application code: they use generated code and
    // the runtime's public entry, like any catwire user.
    files: ['system/**/*.ts', 'handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['generators', 'cli', 'templates', 'test'], 'application code uses generated/ and the runtime public entry only.'),
        runtimeInternals,
        { group: ['**/runtime/*', '!**/runtime/index.js'], message: 'Import the runtime through runtime/index.js only.' },
      ] }],
    },
  },
  {
    files: ['generated/**/*.ts'],
    ignores: ['generated/**/*.test.ts'],
    rules: {
      // The typescript-eslint rule: it can let type-only imports through.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        forbid(['generators', 'cli', 'templates', 'test'], 'generated/ imports the runtime public entry only.'),
        // The exceptions: the handlers' deps types named in catwire.config.json, imported type-only,
        // and the user-written casters of a migration (handlers/casters/), which a contract's
        // bridge calls (docs/versions.md).
        { group: [...folder('system'), '**/handlers/*', '**/handlers/*/**', '!**/handlers/casters', '!**/handlers/casters/*.js'],
          message: 'generated/ imports the runtime public entry only (and the configured deps types, type-only, and handlers/casters/).', allowTypeImports: true },
        runtimeInternals,
        { group: ['**/runtime/*', '!**/runtime/index.js'], message: 'Import the runtime through runtime/index.js only.' },
        { group: ['vitest', 'vitest/**'], message: 'Only the generated contract tests (*.test.ts) import vitest.' },
      ] }],
    },
  },
  {
    // The generated contract tests are the one place generated code meets the user's handlers
    // (to tell a real handler from an untouched stub); vitest is theirs too.
    files: ['generated/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['generators', 'cli', 'templates', 'test', 'system'], 'generated contract tests import the runtime, generated modules, vitest and the handlers only.'),
        runtimeInternals,
        { group: ['**/runtime/*', '!**/runtime/index.js'], message: 'Import the runtime through runtime/index.js only.' },
        { group: ['**/handlers/*/*', '!**/handlers/*/index.js'], message: 'Contract tests import a service\'s handlers through its index.js, as the application does.' },
      ] }],
    },
  },
);
