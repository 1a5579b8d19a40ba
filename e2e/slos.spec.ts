// SLOs end to end: the list, one SLO's detail, and its explain panel checked number by
// number against the API — with the source offline, so the figures hold still (and because
// that is when they must still be right).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { SloDetail, SloList } from '../src/shared/contract/slos';
import { formatBudgetMinutesIn, formatBudgetPct, formatBurnMultiple, formatCount, formatPctForTarget, formatTime } from '../src/renderer/src/lib/format';
import { expect, startServe, test, waitReady, type ServeHandle } from './fixtures';

async function call<T>(request: APIRequestContext, serve: ServeHandle, method: string, input: unknown = {}): Promise<T> {
  const r = await request.post(`${serve.origin}/api/call/${method}`, { headers: { authorization: `Bearer ${serve.token}` }, data: input });
  expect(r.status(), `${method}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
}

/** "18,320,005" (the explain panel groups thousands as every screen does) → 18320005. */
function num(text: string): number {
  return Number(text.replace(/[\s,]/g, '').replace('−', '-'));
}

async function step(page: Page, label: string): Promise<{ formula: string; substituted: string; result: string }> {
  const row = page.locator(`[data-testid="explain-step"][data-label="${label}"]`);
  await expect(row).toHaveCount(1);
  const cells = row.locator('td');
  return { formula: await cells.nth(0).innerText(), substituted: await row.getByTestId('explain-substituted').innerText(), result: await row.getByTestId('explain-result').innerText() };
}

test('SLO list, detail and explain panel agree with the API, offline', async ({ page, dataDir }) => {
  test.setTimeout(300_000);
  // A broken SLO file next to a good one: reported with file:line:column once the SLO
  // directory is wired (<dataDir>/slos); every other SLO must keep working either way.
  mkdirSync(join(dataDir, 'slos'), { recursive: true });
  writeFileSync(join(dataDir, 'slos', 'broken.yaml'), 'slos:\n  - id: broken\n    target: 140\n    sli: {}\n');
  const serve = await startServe(dataDir);
  try {
    await page.goto(serve.url);
    await waitReady(page);
    await expect
      .poll(async () => (await (await page.request.get(`${serve.origin}/api/health`, { headers: { authorization: `Bearer ${serve.token}` } })).json()).sources[0].backfill.complete, { timeout: 180_000 })
      .toBe(true);
    // Stop the source so nothing moves between reading the page and asking the API.
    await call(page.request, serve, 'setDemoOutage', { on: true });
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });

    await page.getByRole('link', { name: /^SLOs/ }).click();
    const rows = page.getByTestId('slo-list-row');
    await expect(rows).toHaveCount(15);
    await expect(page.getByTestId('slo-group').first()).toBeVisible();
    const list = await call<SloList>(page.request, serve, 'slos');
    expect(list.slos).toHaveLength(15);
    for (const s of list.slos) expect(s.status, `${s.id}: ${s.reason}`).not.toBe('INSUFFICIENT_DATA');
    if (list.config.dir !== null) {
      await expect(page.getByTestId('slo-config-errors')).toContainText('broken.yaml:3:13');
      await expect(page.getByTestId('slo-config-errors')).toContainText('slos[0].target');
    } else {
      test.info().annotations.push({ type: 'note', description: 'SLO directory not wired into ApiContext yet: defaults only' });
    }

    // The list row and the API agree on the budget.
    const paymentRow = page.locator('[data-testid="slo-list-row"][data-slo="payment-availability"]');
    const payment = list.slos.find((s) => s.id === 'payment-availability')!;
    await expect(paymentRow.getByTestId('slo-budget')).toHaveText(`${payment.budget.remainingPct!.toFixed(1)} %`);

    // Open it from the list.
    await paymentRow.getByRole('link', { name: 'Payment Service' }).click();
    await expect(page).toHaveURL(/#\/slos\/payment-availability$/);
    await expect(page.getByTestId('slo-detail')).toBeVisible();
    await expect(page.getByTestId('slo-explain')).toBeVisible();
    await expect(page.getByTestId('slo-burndown')).toBeVisible();
    await expect(page.getByTestId('slo-sli-chart')).toBeVisible();
    await expect(page.getByTestId('slo-burn-chart')).toBeVisible();
    await expect(page.getByTestId('slo-compliance').locator('tbody tr')).toHaveCount(3);

    const detail = await call<SloDetail>(page.request, serve, 'sloDetail', { id: 'payment-availability' });
    const s = detail.slo;

    // Evaluated as of the newest cached datapoint: the same instant on the page and in the API.
    // With its zone, as every timestamp on screen (the default display is UTC), never raw ISO.
    expect((await step(page, 'Evaluated as of')).result).toBe(formatTime(s.evaluatedAt, 'utc', true));

    // bad = total − good, with the API's counts.
    const events = await step(page, 'Events');
    const [total, good] = events.substituted.split('−').map(num);
    expect(total).toBe(s.total);
    expect(good).toBe(s.good);
    expect(num(events.result.split(' bad of ')[0]!)).toBe(s.bad);
    expect(events.result).toBe(`${formatCount(s.bad)} bad of ${formatCount(s.total)}`);

    // attainment = good ÷ total × 100: the page's inputs reproduce the API's figure.
    const attainment = await step(page, 'Attainment');
    expect(attainment.substituted).toBe(`${events.substituted.split('−')[1]!.trim()} ÷ ${events.substituted.split('−')[0]!.trim()} × 100`);
    // To the precision a 99.99 % target needs: four decimals, not six significant digits.
    expect(attainment.result).toBe(formatPctForTarget(s.attainmentPct!, 99.99));
    expect(attainment.result).toMatch(/^\d+\.\d{4} %$/);
    expect((good! / total!) * 100).toBeCloseTo(s.attainmentPct!, 10);

    // Budget: 0.01 % of 30 days = 4.32 min; consumed = bad ÷ total × time with data.
    expect((await step(page, 'Error budget')).result).toBe('4.32 min');
    expect(s.budget.totalMinutes).toBeCloseTo(4.32, 9);
    // Every budget figure in the budget's own unit; shares of it to one decimal.
    const inBudgetUnit = (minutes: number) => formatBudgetMinutesIn(minutes, s.budget.totalMinutes);
    const consumed = await step(page, 'Budget consumed');
    expect(consumed.result).toBe(inBudgetUnit(s.budget.consumedMinutes!));
    const share = await step(page, 'Budget consumed (share)');
    expect(share.substituted).toBe(`${inBudgetUnit(s.budget.consumedMinutes!)} ÷ 4.32 min`);
    expect(share.result).toBe(formatBudgetPct(s.budget.consumedPct!));
    const remaining = await step(page, 'Budget remaining');
    expect(remaining.result).toBe(`${inBudgetUnit(s.budget.remainingMinutes!)} (${formatBudgetPct(s.budget.remainingPct!)} of budget)`);

    // Every burn window: (bad ÷ events) ÷ (1 − target), with the API's counts.
    for (const b of s.burnRates) {
      const row = await step(page, `Burn rate over ${b.key}`);
      if (b.burnRate === null) {
        expect(row.result).toBe('n/a');
        continue;
      }
      const m = /^\((.+?) ÷ (.+?)\) ÷ /.exec(row.substituted);
      expect(m, row.substituted).not.toBeNull();
      expect(num(m![1]!)).toBe(b.bad);
      expect(num(m![2]!)).toBe(b.events);
      expect(row.result).toBe(formatBurnMultiple(b.burnRate));
    }

    // The cards show the same budget, in the words an on-call engineer reads.
    await expect(page.getByTestId('card-budget')).toContainText(`${s.budget.remainingPct!.toFixed(1)} %`);
    await expect(page.getByTestId('card-budget-text')).toHaveText(`${String(Number(s.budget.remainingMinutes!.toFixed(2)))} min of 4.32 min left`);
    // The definition is there to copy.
    await page.getByText(/^Definition \(YAML\)/).click();
    await expect(page.getByTestId('slo-yaml')).toContainText('id: payment-availability');

    // Back to the list.
    await page.getByRole('link', { name: '← SLOs' }).click();
    await expect(rows).toHaveCount(15);
  } finally {
    await serve.stop();
  }
});
