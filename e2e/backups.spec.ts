// Backups end to end: the seeded failed job, the resource in no backup plan and the
// unachievable RPO/RTO verdict are on the Backups page — online after a sync, and again
// from the cache with the demo platform down (--demo-outage).
import type { Page } from '@playwright/test';
import { expect, startServe, test, waitReady } from './fixtures';

const REVIEWS_DB = 'arn:aws:rds:us-east-1:123456789012:db:ecommerce-reviews-db';

async function openBackups(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitReady(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Backups/ }).click();
  await expect(page.getByTestId('backups-page')).toBeVisible();
}

async function expectFindings(page: Page): Promise<void> {
  // Eight resources: seven in plans and the reviews database in none, which ranks first.
  await expect(page.getByTestId('bk-row')).toHaveCount(8, { timeout: 60_000 });
  const unprotected = page.locator(`[data-testid="bk-row"][data-arn="${REVIEWS_DB}"]`);
  await expect(page.getByTestId('bk-row').first()).toHaveAttribute('data-arn', REVIEWS_DB);
  await expect(unprotected.locator('td').first()).toHaveText('FAIL');
  await expect(unprotected.locator('td').first()).toHaveAttribute('data-status', 'NON_COMPLIANT');
  // The seeded failure of the products database, with AWS Backup's reason.
  const failed = page.locator('[data-testid="bk-issue"][data-kind="FAILED"]').filter({ hasText: 'ecommerce-products-db' });
  await expect(failed.first()).toBeVisible();
  await expect(failed.first()).toContainText(/Backup job failed|snapshot quota|incompatible state/);
  // RPO 1 min / RTO 5 min cannot be met by backup and restore, said beside the policy.
  const verdict = page.getByTestId('bk-verdict');
  await expect(verdict).toContainText('Not achievable by backup and restore: point-in-time recovery lags');
  await expect(verdict).toContainText(/Not achievable by restore: restores take \d+–\d+ min/);
  await expect(verdict).toContainText('Multi-AZ (ecommerce-customers-db, ecommerce-payments-db)');
  await expect(page.getByTestId('bk-policy')).toContainText('RPO 1 min');
}

test('Backups: failed job, unprotected resource and unachievable RPO/RTO, online and offline', async ({ page, dataDir }) => {
  test.setTimeout(240_000);
  const serve = await startServe(dataDir);
  try {
    await openBackups(page, serve.url);
    await expectFindings(page);
    await expect(page.getByTestId('bk-asof')).toContainText(/data as of .* UTC \(/);
    await expect(page.getByTestId('bk-calendar').locator('[data-day]')).toHaveCount(30);

    // The matrix is a keyboard grid: arrows move, the evidence follows, Enter opens the resource.
    await page.locator('[data-cell="0:0"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('bk-evidence')).toContainText('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN');
    await expect(page.getByTestId('bk-evidence')).toContainText('No backup plan selects this resource');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bk-detail')).toContainText('In no backup plan');
    await expect(page).toHaveURL(/#\/backups\/r\/arn%3Aaws%3Ards/);
  } finally {
    await serve.stop();
  }

  // Same data folder, the platform down: everything renders from cache.db, marked offline.
  const offline = await startServe(dataDir, ['--demo-outage']);
  try {
    await openBackups(page, offline.url);
    await expect(page.getByTestId('connectivity')).toContainText('OFFLINE', { timeout: 30_000 });
    await expectFindings(page);
    await expect(page.getByTestId('bk-asof')).toContainText('OFFLINE — data as of');
  } finally {
    await offline.stop();
  }
});
