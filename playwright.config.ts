import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  // For the @shared/* path alias in the src files the specs import.
  tsconfig: './tsconfig.node.json',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    viewport: { width: 1440, height: 900 },
  },
});
