// Lint, including the layering rules of DESIGN.md: a file's folder decides what it may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A no-restricted-imports rule naming the layer and why. */
const layer = (message, patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message })), patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'shots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer('renderer: talk to the main side only through the API contract (src/shared) and the transport', ['**/main/**', '**/sim/**', '**/preload/**', 'electron', 'better-sqlite3', '@aws-sdk/*'], nodeBuiltins),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ...{ rules: layer('shared: the contract imports nothing of ours and no Node/Electron/DOM', ['**/main/**', '**/renderer/**', '**/sim/**', '**/preload/**', 'electron', 'better-sqlite3', '@aws-sdk/*'], nodeBuiltins) },
  },
  {
    files: ['src/main/domain/**/*.ts'],
    ...{ rules: layer('domain: pure maths — import only src/shared, zod and luxon', ['**/store/**', '**/sync/**', '**/sources/**', '**/api/**', '**/config/**', '**/renderer/**', '**/sim/**', 'electron', 'better-sqlite3', '@aws-sdk/*'], nodeBuiltins) },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/domain/**', 'src/main/sources/demo.ts', 'src/main/workers/demo.entry.ts', 'src/main/**/*.test.ts'],
    ...{ rules: layer('main: only the demo source may start the simulator; never import the renderer', ['**/renderer/**', '**/sim/**']) },
  },
  {
    files: ['src/sim/**/*.ts'],
    ...{ rules: layer('sim: the simulator stands alone (it plays AWS); it must not import Opsdeck', ['**/main/**', '**/renderer/**', '**/preload/**', '**/shared/**', '@shared/**']) },
  },
  {
    files: ['src/preload/**/*.ts'],
    ...{ rules: layer('preload: a sandboxed preload may only use electron and the shared contract', ['**/main/**', '**/renderer/**', '**/sim/**'], nodeBuiltins) },
  },
);
