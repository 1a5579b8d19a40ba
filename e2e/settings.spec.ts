import { readFileSync } from 'node:fs';
import { expect, startServe, test, waitReady } from './fixtures';

test('Settings: sources show progress and storage; the journal exports and re-imports without duplicates', async ({ page, dataDir }) => {
  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    await page.keyboard.press('7');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('backfill-progress')).toBeVisible();
    // Counted by the sync worker once the present is stored (seconds; more on a slow machine).
    await expect(page.getByTestId('source-card')).toContainText(/\d[\d,]* series · [\d,]+ datapoints · ≈ [\d.]+ [KMG]?i?B of cache.db \(counted /, { timeout: 60_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export journal…' }).click()]);
    const path = await download.path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as { format: string };
    expect(exported.format).toBe('opsdeck-journal');
    await expect(page.getByTestId('journal-transfer')).toContainText(/Exported \d+ journal rows/);

    await page.getByTestId('journal-import').setInputFiles(path);
    await expect(page.getByTestId('journal-transfer')).toContainText(/: 0 new entries added, \d+ already here\./);

    await page.getByTestId('journal-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"nope"}') });
    await expect(page.getByTestId('journal-transfer')).toContainText('Nothing imported — bad.json: not an Opsdeck journal export');
  } finally {
    await serve.stop();
  }
});
