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

test('after the now-panel, the three metric families as figure tiles, each a link to its Metrics family; a mapped metric is read', async ({ page, dataDir }) => {
  test.setTimeout(180_000);
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  // The demo account has no Custom/Nodes: the mapped disk figure must say what it looked for.
  writeFileSync(join(dataDir, 'opsdeck.yaml'), "sources:\n  - kind: demo\nmetrics:\n  disk: { namespace: Custom/Nodes, metric: disk_used_pct, dimensions: { Host: '*' }, statistic: Maximum }\n");
  const serve = await startServe(dataDir, ['--demo-clock', '2026-10-26T17:38:00Z']);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    await expect(page.getByTestId('now')).toHaveAttribute('data-state', 'active', { timeout: 60_000 });
    const families = page.getByTestId('families');
    await expect(families).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    // The figures land with the first metrics pass.
    const tile = (id: string) => page.locator(`[data-testid="family-tile"][data-tile="${id}"]`);
    await expect(tile('orders')).toHaveAttribute('data-state', /ok|breached|stale/, { timeout: 90_000 });
    for (const [family, ids] of Object.entries({ business: ['orders', 'revenue', 'active-users', 'conversion', 'cart-abandonment'], application: ['requests', 'errors', 'p95'], infrastructure: ['cpu', 'memory'] })) {
      await expect(page.getByTestId(`family-${family}`)).toBeVisible();
      for (const id of ids) {
        await expect(tile(id), id).toHaveAttribute('data-state', /ok|breached|stale/, { timeout: 30_000 });
        await expect(tile(id).getByTestId('tile-value'), id).toHaveText(/\d/);
        await expect(tile(id), id).toHaveAttribute('href', `#/metrics/${family}?range=6h`);
      }
    }
    await expect(tile('cpu').getByTestId('tile-target')).toContainText('CPU < 70 %');
    await expect(tile('memory').getByTestId('tile-target')).toContainText('memory < 80 %');
    await expect(tile('errors').getByTestId('tile-worst')).toContainText('payment-service');
    await expect(tile('disk')).toHaveAttribute('data-state', 'missing');
    await expect(tile('disk')).toContainText('looked for Custom/Nodes disk_used_pct {Host=*} Maximum');
    // The families come after what is happening now.
    // Both boxes from one layout: read one after the other, live data could resize the now-panel in between.
    const [nowBox, famBox] = await page.evaluate<{ y: number; height: number }[]>(`['now', 'families'].map((id) => { const r = document.querySelector('[data-testid="' + id + '"]').getBoundingClientRect(); return { y: r.y, height: r.height }; })`);
    expect(famBox!.y).toBeGreaterThan(nowBox!.y + nowBox!.height - 1);

    await tile('errors').click();
    await expect(page).toHaveURL(/#\/metrics\/application\?range=6h$/);
    const grid = page.getByTestId('metrics-family-application').getByTestId('metrics-grid');
    await expect(grid).toBeVisible({ timeout: 60_000 });
    const [from, to] = await grid.evaluate((el) => [Number(el.getAttribute('data-from')), Number(el.getAttribute('data-to'))]);
    expect(to! - from!).toBe(6 * 3_600_000);
    // The mapped chart on the Metrics page says the same, with the id to map it under.
    await page.goto(`${serve.url}#/metrics/infrastructure?range=6h`);
    await waitReady(page);
    await expect(page.getByTestId('metrics-page')).toContainText('Custom/Nodes disk_used_pct {Host=*} Maximum', { timeout: 60_000 });
    await expect(page.getByTestId('metrics-page')).toContainText('metrics: { disk: {');
  } finally {
    await serve.stop();
  }
});
