import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's aliases (tsconfig.web.json `paths`, electron.vite.config.ts).
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src'), '@shared': resolve(import.meta.dirname, 'src/shared') } },
  test: {
    // Renderer component tests are *.test.tsx and pick jsdom per file (`// @vitest-environment jsdom`),
    // so the node tests do not pay for a DOM.
    include: ['src/**/*.test.ts', 'src/renderer/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start simulators and SQLite files; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
