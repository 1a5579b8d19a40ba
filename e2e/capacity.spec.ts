// Capacity end to end: the simulator's filling volume (analytics database) shows a
// days-until-full range on the Capacity page that contains the true full time of the
// simulator's own function — online, then again offline from the cache.
import type { APIRequestContext, Page } from '@playwright/test';
import { analyticsVolumeFullAt } from '../src/sim/platform/capacity';
import { DEMO_SEED } from '../src/main/sources/demo';
import type { CapacityList, CapacityRow } from '../src/shared/contract/capacity';
import { expect, startServe, test, waitReady, type ServeHandle } from './fixtures';

const ID = 'rds-analytics/free-storage';

async function call<T>(request: APIRequestContext, serve: ServeHandle, method: string, input: unknown = {}): Promise<T> {
  const r = await request.post(`${serve.origin}/api/call/${method}`, { headers: { authorization: `Bearer ${serve.token}` }, data: input });
  expect(r.status(), `${method}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
}

/** "2026-12-08 08:00 UTC" → epoch ms. */
function parseUtc(text: string): number {
  const m = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) UTC/.exec(text);
  if (!m) throw new Error(`no UTC time in "${text}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
}

async function checkVolume(page: Page, request: APIRequestContext, serve: ServeHandle): Promise<void> {
  const list = await call<CapacityList>(request, serve, 'capacity');
  const row = list.rows.find((r) => r.id === ID) as CapacityRow;
  expect(row.problem).toBeNull();
  expect(row.crossing?.state).toBe('crossing');
  if (row.crossing?.state !== 'crossing') return;
  // The true full time of the segment the newest data lies in.
  const truth = analyticsVolumeFullAt(DEMO_SEED, Math.floor((row.dataAsOf ?? 0) / 1000) - 60) * 1000;
  expect(row.crossing.p10).toBeLessThanOrEqual(truth);
  expect(row.crossing.p90).not.toBeNull();
  expect(row.crossing.p90!).toBeGreaterThanOrEqual(truth);

  // The page shows the same range: "P50 <time> … between MM-DD HH:MM and MM-DD HH:MM".
  const cell = page.getByTestId(`cap-row-${ID}`).getByTestId('cap-crossing');
  await expect(cell).toContainText('between');
  const text = await cell.innerText();
  const p50 = parseUtc(text);
  expect(Math.abs(p50 - row.crossing.p50!)).toBeLessThan(60_000);
  const range = /between (\d{2})-(\d{2}) (\d{2}):(\d{2}) and (\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(text);
  expect(range, text).not.toBeNull();
  const year = new Date(p50).getUTCFullYear();
  const at = (i: number): number => {
    let t = Date.UTC(year, Number(range![i]) - 1, Number(range![i + 1]), Number(range![i + 2]), Number(range![i + 3]));
    // The range may straddle New Year.
    if (t - p50 > 180 * 86_400_000) t = Date.UTC(year - 1, Number(range![i]) - 1, Number(range![i + 1]), Number(range![i + 2]), Number(range![i + 3]));
    if (p50 - t > 180 * 86_400_000) t = Date.UTC(year + 1, Number(range![i]) - 1, Number(range![i + 1]), Number(range![i + 2]), Number(range![i + 3]));
    return t;
  };
  // Shown to the minute (rounded down).
  expect(at(1)).toBeLessThanOrEqual(truth);
  expect(at(5) + 60_000).toBeGreaterThanOrEqual(truth);
}

test('the filling volume’s days-until-full range contains the simulator’s true full time, online and offline', async ({ page, dataDir }) => {
  test.setTimeout(480_000);
  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    await expect
      .poll(async () => (await (await page.request.get(`${serve.origin}/api/health`, { headers: { authorization: `Bearer ${serve.token}` } })).json()).sources[0].backfill.complete, { timeout: 240_000 })
      .toBe(true);
    // Wait for a pass that has the whole history.
    await expect
      .poll(async () => (await call<CapacityList>(page.request, serve, 'capacity')).rows.find((r) => r.id === ID)?.crossing?.state ?? 'none yet', { timeout: 240_000, intervals: [2_000] })
      .toBe('crossing');

    await page.getByRole('link', { name: /^Capacity/ }).click();
    await expect(page.getByTestId('cap-table')).toBeVisible();
    await checkVolume(page, page.request, serve);

    // A what-if capacity of 0 is refused at the field, without a request.
    await page.getByRole('button', { name: /Show charts for EKS node group/ }).first().click();
    const field = page.getByLabel(/^Node count/).first();
    await field.fill('0');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('cap-whatif').first()).toContainText('must be greater than 0');

    // Offline: the same answer from the cache, marked with its age.
    await call(page.request, serve, 'setDemoOutage', { on: true });
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 60_000 });
    await page.reload();
    await waitReady(page);
    await expect(page.getByTestId('cap-table')).toBeVisible();
    await expect(page.getByTestId('cap-offline')).toBeVisible();
    await checkVolume(page, page.request, serve);
  } finally {
    await serve.stop();
  }
});
