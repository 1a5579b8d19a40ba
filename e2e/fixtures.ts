// Each test gets its own data directory and serve-mode process; pages wait for the app's
// ready marker rather than sleeping.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { startServe, type ServeHandle } from './serve-process';

export async function waitReady(page: Page): Promise<void> {
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
}

export const test = base.extend<{ dataDir: string }>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    await use(mkdtempSync(join(tmpdir(), 'opsdeck-e2e-')));
  },
});

export { expect };
