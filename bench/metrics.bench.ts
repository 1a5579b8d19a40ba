// Metrics page benchmark (issue 14), Chromium against serve mode:
// - ui.dashboard_ms: from asking for the Metrics page with every family over 30 days (24
//   charts) to every chart drawn — the main side reading and LTTB-downsampling the cached
//   series included; target < 500 ms. Offline (--demo-outage) on a warm, fully backfilled
//   data dir, so no sync write refetches the page mid-measurement. Each run asks for a
//   30-day window a minute apart, so no run is answered from the main side's memo.
// Baseline, same run, same page and charts: the 1-hour dashboard (60 buckets a series).
// Also recorded: metrics.dashboard_api_ms, the three families' API answers alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../e2e/serve-process';
import { findChromium } from '../scripts/find-chromium.mjs';
import { recordFigure } from './results';

const ROOT = join(__dirname, '..');
const CLOCK = '2026-10-26T17:38:00Z';
const NOW = Date.parse(CLOCK);
const DAY = 86_400_000;
const CHARTS = 24;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Polls an expression in the page until it is true (waitForFunction's `new Function` is refused by the CSP). */
async function waitTrue(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
  }
}

/** Every family's grid answered for exactly this range, and every chart with its lines drawn. */
const drawn = (from: number, to: number): string =>
  `(() => { const grids = [...document.querySelectorAll('[data-testid="metrics-grid"]')]; if (grids.length !== 3 || !grids.every((g) => g.dataset.from === '${from}' && g.dataset.to === '${to}')) return false; const cards = [...document.querySelectorAll('.metric-card')]; return cards.length === ${CHARTS} && cards.every((c) => c.querySelector('path.metric-line')); })()`;

async function timeDashboard(page: Page, from: number, to: number): Promise<number> {
  await page.evaluate(`window.location.hash = '#/overview'`);
  await waitTrue(page, `!document.querySelector('[data-testid="metrics-page"]')`);
  const t0 = performance.now();
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/metrics/all?from=${iso(from)}&to=${iso(to)}`)}`);
  await waitTrue(page, drawn(from, to), 60_000);
  return performance.now() - t0;
}

describe('Metrics benchmarks', () => {
  let browser: Browser;
  let dataDir: string;
  let serve: ServeHandle | null = null;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
    const executablePath = findChromium();
    browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu'] });
    // Warm the data dir: online until the 30-day backfill is complete (OPSDECK_BENCH_METRICS_DIR
    // names one a previous run warmed, to skip the ten minutes of backfill when iterating).
    dataDir = process.env.OPSDECK_BENCH_METRICS_DIR ?? mkdtempSync(join(tmpdir(), 'opsdeck-bench-metrics-'));
    console.log(`metrics bench data dir: ${dataDir}`);
    const warm = await startServe(dataDir, ['--demo-clock', CLOCK]);
    try {
      const until = Date.now() + 1_500_000;
      for (;;) {
        const health = (await (await fetch(`${warm.origin}/api/health`, { headers: { authorization: `Bearer ${warm.token}` } })).json()) as { sources: { backfill: { complete: boolean } }[] };
        if (health.sources[0]?.backfill.complete) break;
        if (Date.now() > until) throw new Error('the backfill did not complete in 25 min');
        await new Promise((r) => setTimeout(r, 5_000));
      }
    } finally {
      await warm.stop();
    }
    serve = await startServe(dataDir, ['--demo-clock', CLOCK, '--demo-outage']);
  }, 1_600_000);

  afterAll(async () => {
    await serve?.stop();
    await browser?.close();
  });

  it('ui.dashboard_ms', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${serve!.url}#/overview`);
    await page.locator('[data-app-state="ready"]').waitFor({ timeout: 60_000 });
    // The demo clock keeps running: ranges end a little before now, each run a minute earlier.
    const end = NOW - 10 * 60_000;
    const month: number[] = [];
    const hour: number[] = [];
    for (let run = 0; run < 6; run++) {
      const to = end - run * 60_000;
      hour.push(await timeDashboard(page, to - 3_600_000, to));
      month.push(await timeDashboard(page, to - 30 * DAY, to));
    }
    // The main side alone: the three families' answers for a fresh 30-day window.
    const api: number[] = [];
    for (let run = 0; run < 3; run++) {
      const to = end - (10 + run) * 60_000;
      const t0 = performance.now();
      await Promise.all(
        (['business', 'application', 'infrastructure'] as const).map(async (family) => {
          const r = await fetch(`${serve!.origin}/api/call/metricsDashboard`, {
            method: 'POST',
            headers: { authorization: `Bearer ${serve!.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ family, from: to - 30 * DAY, to, maxPoints: 600 }),
          });
          expect(r.status).toBe(200);
          await r.json();
        }),
      );
      api.push(performance.now() - t0);
    }
    await page.close();
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    // The first of each is a warm-up (JIT, code loading; the 30-day one also fills the main side's chunk-partial cache).
    const m = median(month.slice(1));
    const h = median(hour.slice(1));
    recordFigure('ui.dashboard_ms', {
      value: Math.round(m),
      unit: 'ms',
      baseline: Math.round(h),
      ratio: Number((m / h).toFixed(2)),
      note: `load average ${load} (2 cores). median of 5 runs (after one warm-up, which is the cold read of 30 days of chunks): hash change to the Metrics page with all three families over 30 days (24 charts, ≤ 600 LTTB points a series from 300-s buckets) → every chart drawn, Chromium, offline on a warm cache; runs ${month.map((x) => x.toFixed(0)).join(', ')} ms; baseline = the same 24 charts over 1 hour (${hour.map((x) => x.toFixed(0)).join(', ')} ms); target < 500 ms`,
    });
    recordFigure('metrics.dashboard_api_ms', {
      value: Math.round(median(api)),
      unit: 'ms',
      note: `load average ${load} (2 cores). median of 3: the three families' metricsDashboard answers for a fresh 30-day window, in parallel over HTTP (~130 cached series: settled chunks' bucket partials from memory, head and edge chunks read raw, bucketing, LTTB); runs ${api.map((x) => x.toFixed(0)).join(', ')} ms`,
    });
    expect(m).toBeGreaterThan(0);
  }, 600_000);
});
