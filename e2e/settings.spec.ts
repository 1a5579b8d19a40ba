import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, startServe, test, waitReady } from './fixtures';

const CLI_JS = join(__dirname, '..', 'out', 'main', 'cli.js');

test('Settings: sources show progress and storage; the journal exports and re-imports without duplicates', async ({ page, dataDir }) => {
  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    await page.keyboard.press('8');
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

test('a damaged journal: the banner says so on every screen and Settings shows rows salvaged per table and where the original is', async ({ page, dataDir }) => {
  // A journal with 400 notes, written through the CLI, then a page in its middle overwritten.
  const rows = Array.from({ length: 400 }, (_, i) => ({ id: `n-${i}`, created_at: 1_764_000_000_000 + i, author: 'ana', subject: 'inc-7', body: `note ${i} ${'paged the payments team '.repeat(10)}` }));
  const seed = join(dataDir, 'seed.json');
  writeFileSync(seed, JSON.stringify({ format: 'opsdeck-journal', schemaVersion: 2, exportedAt: '2026-12-01T00:00:00Z', tables: { notes: rows } }));
  execFileSync(process.execPath, [CLI_JS, 'journal', 'import', seed, '--data-dir', dataDir]);
  const file = join(dataDir, 'journal.db');
  // A leaf page in the middle of the notes table (dbstat), so the damage hits notes whatever else the schema holds.
  // Probed on a copy: a read-only connection to the real file would leave -wal/-shm files beside it.
  const copy = join(dataDir, 'probe.db');
  copyFileSync(file, copy);
  const probe = new Database(copy, { readonly: true });
  const leaves = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'notes' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const pageNo = leaves[Math.floor(leaves.length / 2)]!;
  const bytes = readFileSync(file);
  const middle = (pageNo - 1) * pageSize;
  bytes.fill(0xa5, middle, middle + pageSize);
  writeFileSync(file, bytes);

  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    const banner = page.getByTestId('notice-banner');
    await expect(banner).toContainText(/Journal was damaged: \d+ rows salvaged into a fresh journal; the original is kept as .*journal\.db\.damaged-/);
    await page.keyboard.press('2');
    await expect(banner).toBeVisible();
    await page.keyboard.press('8');
    const notice = page.getByTestId('notice');
    await expect(notice.getByTestId('notice-rows')).toContainText(/notes\s*3\d\d\s*1/);
    await expect(notice).toContainText('moved aside byte-identical');
    const kept = readdirSync(dataDir).filter((f) => /^journal\.db\.damaged-/.test(f));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, kept[0] ?? '')).equals(bytes)).toBe(true);
  } finally {
    await serve.stop();
  }
});
