import { type Page } from '@playwright/test';
import { expect, startServe, test, waitReady } from './fixtures';

const SLO_NAMES = ['Order Service', 'Customer Service', 'Product Service', 'Payment Service', 'Search Service', 'Overall Platform'];

/** Reads every SLO row's availability and budget text, keyed by SLO id. */
async function sloFigures(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('slo-row');
  await expect(rows).toHaveCount(6);
  const figures: Record<string, string> = {};
  for (const row of await rows.all()) {
    const id = (await row.getAttribute('data-slo')) ?? '';
    figures[id] = `${await row.getByTestId('availability').innerText()} | ${await row.getByTestId('budget-left').innerText()}`;
  }
  return figures;
}

async function waitForHistory(page: Page): Promise<void> {
  // Every row shows a number (not "—") once the backfill has reached the present.
  for (const cell of await page.getByTestId('availability').all()) await expect(cell).toHaveText(/\d+\.\d+ %/, { timeout: 60_000 });
}

test('Overview shows all six SLOs, and keeps them through an outage and a restart', async ({ page, dataDir }) => {
  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    for (const name of SLO_NAMES) await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
    await waitForHistory(page);
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');

    // Let the full 30-day backfill land, so the figures stop moving between reads.
    await expect
      .poll(async () => (await (await page.request.get(`${serve.origin}/api/health`, { headers: { authorization: `Bearer ${serve.token}` } })).json()).sources[0].backfill.complete, {
        timeout: 120_000,
      })
      .toBe(true);

    // Outage on: the simulator refuses connections.
    await page.getByRole('link', { name: /Settings/ }).click();
    await page.getByTestId('demo-outage-toggle').check();
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(page.getByTestId('connectivity')).toContainText('OFFLINE since');

    await page.getByRole('link', { name: /Overview/ }).click();
    const before = await sloFigures(page);
    await page.reload();
    await waitReady(page);
    await expect(page.getByTestId('connectivity')).toContainText('OFFLINE since');
    await expect(page.getByTestId('connectivity')).toContainText(/data as of .* (UTC|[A-Z]{2,5}) \(/);
    const afterReload = await sloFigures(page);
    expect(afterReload).toEqual(before);
    for (const v of Object.values(afterReload)) expect(v).toMatch(/^\d+\.\d+ % \| -?\d+(\.\d)? % · /);
  } finally {
    await serve.stop();
  }

  // Restart serve mode with the outage flag on the same data dir: still rendered from cache.
  const again = await startServe(dataDir, ['--demo-outage']);
  try {
    await page.goto(again.url);
    await waitReady(page);
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    const figures = await sloFigures(page);
    for (const v of Object.values(figures)) expect(v).toMatch(/^\d+\.\d+ % \| -?\d+(\.\d)? % · /);
    await expect(page.getByText(/Could not read/)).toHaveCount(0);
  } finally {
    await again.stop();
  }
});

test('serve mode demands its token', async ({ page, dataDir }) => {
  const serve = await startServe(dataDir, ['--demo-outage']);
  try {
    const health = await page.request.get(`${serve.origin}/api/health`);
    expect(health.status()).toBe(401);
    const ok = await page.request.get(`${serve.origin}/api/health`, { headers: { authorization: `Bearer ${serve.token}` } });
    expect(ok.status()).toBe(200);
    const body = (await ok.json()) as { ok: boolean; source: string; connectivity: string };
    expect(body.ok).toBe(true);
    expect(body.source).toBe('demo');
    expect(['online', 'degraded', 'offline']).toContain(body.connectivity);
    const page401 = await page.request.get(`${serve.origin}/`);
    expect(page401.status()).toBe(401);
  } finally {
    await serve.stop();
  }
});
