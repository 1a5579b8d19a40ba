// The Metrics page end to end at the demo's payment incident: each of the seeds' three
// families renders its charts, the time range comes from the address (so a shared link shows
// the same view), `[` and `]` step it, and a drag zooms every chart.
import type { Page } from '@playwright/test';
import { expect, startServe, test, waitReady, type ServeHandle } from './fixtures';

const NOW = Date.parse('2026-10-26T17:38:00Z');
const HOUR = 3_600_000;

test.describe.configure({ mode: 'serial' });

let serve: ServeHandle | null = null;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  serve = await startServe(mkdtempSync(join(tmpdir(), 'opsdeck-metrics-e2e-')), ['--demo-clock', '2026-10-26T17:38:00Z']);
});
test.afterAll(async () => {
  await serve?.stop();
});

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${serve!.url}${hash}`);
  await waitReady(page);
  await expect(page.getByTestId('metrics-page')).toBeVisible();
}

/** The range the page asked the main side for (the grid carries the answer's from and to). */
async function shownRange(page: Page, family: string): Promise<{ from: number; to: number }> {
  const grid = page.getByTestId(`metrics-family-${family}`).getByTestId('metrics-grid');
  await expect(grid).toBeVisible({ timeout: 60_000 });
  // Both from one render: the page refetches whenever the sync stores more data.
  const [from, to] = await grid.evaluate((el) => [Number(el.getAttribute('data-from')), Number(el.getAttribute('data-to'))]);
  return { from: from!, to: to! };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('each family renders its charts with lines drawn', async ({ page }) => {
  test.setTimeout(120_000);
  const expected: Record<string, string[]> = {
    business: ['orders', 'revenue', 'active-users', 'conversion', 'cart-abandonment'],
    application: ['request-rate', 'error-rate', 'latency-p95', 'active-connections', 'queue-depth'],
    infrastructure: ['node-cpu', 'node-memory', 'disk', 'network', 'running-pods'],
  };
  for (const [family, charts] of Object.entries(expected)) {
    await open(page, `#/metrics/${family}?range=1h`);
    const section = page.getByTestId(`metrics-family-${family}`);
    for (const id of charts) {
      const chart = section.getByTestId(`metric-chart-${id}`);
      await expect(chart.locator('path.metric-line').first()).toBeVisible({ timeout: 60_000 });
      await expect(chart.getByTestId('metric-missing')).toHaveCount(0);
    }
    await expect(page.getByRole('link', { name: family[0]!.toUpperCase() + family.slice(1), exact: true })).toHaveAttribute('aria-current', 'page');
  }
  // The seeds' targets are named on the infrastructure charts.
  await expect(page.getByTestId('metric-chart-node-cpu')).toContainText('CPU < 70 %');
  await expect(page.getByTestId('metric-chart-node-memory')).toContainText('memory < 80 %');
  await expect(page.getByTestId('metric-chart-disk')).toContainText('disk < 80 %');
  // The axes say their unit and zone.
  await expect(page.getByTestId('metric-chart-node-cpu')).toContainText('% · time (UTC)');
});

test('the range in the address is applied, and ] / [ step it by its length', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, '#/metrics/application?range=6h');
  await expect(page.getByTestId('metrics-range-text')).toHaveText('last 6 h');
  const preset = await shownRange(page, 'application');
  expect(preset.to - preset.from).toBe(6 * HOUR);
  expect(Math.abs(preset.to - NOW)).toBeLessThan(10 * 60_000);

  const from = NOW - 3 * HOUR;
  const to = NOW - 2 * HOUR;
  await open(page, `#/metrics/business?from=${iso(from)}&to=${iso(to)}`);
  expect(await shownRange(page, 'business')).toEqual({ from, to });
  await expect(page.getByTestId('metrics-range-text')).toHaveText('2026-10-26 14:38 UTC – 2026-10-26 15:38 UTC');

  await page.keyboard.press(']');
  await expect(page).toHaveURL(new RegExp(`from=${iso(from + HOUR)}&to=${iso(to + HOUR)}`.replace(/[.:]/g, '\\$&')));
  await expect.poll(async () => shownRange(page, 'business')).toEqual({ from: from + HOUR, to: to + HOUR });
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect.poll(async () => shownRange(page, 'business')).toEqual({ from: from - HOUR, to: to - HOUR });

  // Forward to now becomes the preset again (it follows the clock from there).
  await open(page, `#/metrics/business?from=${iso(NOW - 90 * 60_000)}&to=${iso(NOW - 30 * 60_000)}`);
  await shownRange(page, 'business');
  await page.keyboard.press(']');
  await expect(page).toHaveURL(/#\/metrics\/business\?range=1h$/);

  // The keys are in the ? help.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toContainText('Step the time range back by its length');
});

test('a bad range in the address says so and shows the last 24 h', async ({ page }) => {
  await open(page, '#/metrics/infrastructure?range=2w');
  await expect(page.getByTestId('metrics-range-problem')).toContainText('range=2w is not one of 1h, 6h, 24h, 7d, 30d');
  const r = await shownRange(page, 'infrastructure');
  expect(r.to - r.from).toBe(24 * HOUR);
});

test('dragging across a chart zooms every chart to the selection', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, '#/metrics/business?range=6h');
  const before = await shownRange(page, 'business');
  const plot = page.getByTestId('metric-chart-orders').locator('.metric-plot');
  await expect(plot.locator('path.metric-line')).toBeVisible({ timeout: 60_000 });
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*&to=/);
  const after = await shownRange(page, 'business');
  expect(after.from).toBeGreaterThan(before.from);
  expect(after.to).toBeLessThan(before.to);
  expect(after.to - after.from).toBeLessThan((before.to - before.from) / 3);
  // Every chart of the page shows the zoomed range.
  await expect(page.getByTestId('metrics-range-text')).not.toHaveText('last 6 h');
});

test('offline, the charts still draw from the cache and say how old the data is', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page, '#/metrics/infrastructure?range=1h');
  await expect(page.getByTestId('metric-chart-node-cpu').locator('path.metric-line')).toBeVisible({ timeout: 60_000 });
  const r = await page.request.post(`${serve!.origin}/api/call/setDemoOutage`, { headers: { authorization: `Bearer ${serve!.token}` }, data: { on: true } });
  expect(r.status()).toBe(200);
  try {
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 90_000 });
    await page.reload();
    await waitReady(page);
    await expect(page.getByTestId('metric-chart-node-cpu').locator('path.metric-line')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('metrics-offline')).toContainText(/offline · cached data .* old/);
  } finally {
    await page.request.post(`${serve!.origin}/api/call/setDemoOutage`, { headers: { authorization: `Bearer ${serve!.token}` }, data: { on: false } });
  }
});
