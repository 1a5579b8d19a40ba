// Lint. The layering rules of DESIGN.md (what each folder may import, no cycles) are
// enforced by dependency-cruiser (.dependency-cruiser.cjs), run by `npm run lint` after this.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
      // Layering is dependency-cruiser's; this only keeps paths readable.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*'], message: 'use @renderer/… (or ./ within a folder)' }] }],
    },
  },
);
