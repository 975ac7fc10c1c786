/**
 * What a project needs around the generated code, printed by `catwire init` and shown in the
 * README's "Use it in your project" (a test holds the two equal). Generated code is ESM with
 * NodeNext resolution (`.js` suffixes on relative imports) and uses Node's types.
 */

/** Commands that add catwire and what generated code needs to package.json. */
export const INSTALL_COMMANDS: readonly string[] = [
  'npm pkg set type=module',
  'npm install @catwire/runtime',
  'npm install --save-dev catwire typescript@6 @types/node@20 vitest@4',
];

/** The compiler options generated code is written for; `include` names the default folders and main.ts. */
export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "types": ["node"],
    "outDir": "dist"
  },
  "include": ["generated", "handlers", "*.ts"]
}
`;

/**
 * A vitest config that runs the TypeScript sources only: a project that also compiles to
 * dist/ would otherwise run every contract test twice, once as a stale compiled copy.
 */
export const VITEST_CONFIG = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['generated/**/*.test.ts'], exclude: ['dist/**', 'node_modules/**'] },
});
`;
