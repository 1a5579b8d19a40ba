import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks are not tests: `npm run bench` runs bench/**/*.bench.ts one file at a time.
export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)) } },
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
