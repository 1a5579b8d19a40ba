import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// `@shared/…` is src/shared on every side (tsconfig.node.json / tsconfig.web.json say the same).
const alias = { '@shared': resolve(__dirname, 'src/shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // zod bundled, not required at run time: its CommonJS build loads every locale and module
      // (~1 MB, ~80 ms of each start); bundled, only what the contracts use is kept.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          'sync-worker': resolve(__dirname, 'src/main/workers/sync.entry.ts'),
          'demo-platform': resolve(__dirname, 'src/main/workers/demo.entry.ts'),
          'slo-worker': resolve(__dirname, 'src/main/workers/slo.entry.ts'),
          'journal-worker': resolve(__dirname, 'src/main/workers/journal.entry.ts'),
          'capacity-worker': resolve(__dirname, 'src/main/workers/capacity.entry.ts'),
          'metrics-worker': resolve(__dirname, 'src/main/workers/metrics.entry.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload can only require('electron'): one CommonJS file.
        output: { format: 'cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // The same aliases as tsconfig.web.json's `paths` (and vitest.config.mts).
    resolve: { alias: { ...alias, '@renderer': resolve(__dirname, 'src/renderer/src') } },
    build: {
      // Minified: the first paint waits for the browser to parse the shell's chunks (~1.4 MB unminified).
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
