// UI benchmarks (issue 14), Chromium against serve mode:
// - ui.first_useful_ms: from starting serve mode on a warm data dir, offline (--demo-outage),
//   to the Overview showing its figures (the "now" panel answered, every SLO row a number);
//   target < 1,000 ms.
// - ui.slo_detail_ms: from a click on an SLO in the list to its detail with every chart drawn
//   and painted, timed in the page from the press; target < 150 ms.
// Baseline for both: the median round trip of the `health` call in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../e2e/serve-process';
import { findChromium } from '../scripts/find-chromium.mjs';
import { recordFigure } from './results';

const ROOT = join(__dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Polls an expression in the page until it is true. (waitForFunction compiles its text with
 * `new Function`, which the app's CSP refuses; evaluate goes through the debugger protocol.)
 */
async function waitTrue(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
  }
}

/** The SLO detail with every chart's series drawn: three charts, each with as many line paths as it has series. */
const DETAIL_DRAWN = `(() => { const charts = [...document.querySelectorAll('[data-testid="slo-detail"] .slo-chart')]; return !!document.querySelector('[data-testid="slo-burn-chart"]') && charts.length >= 3 && charts.every((c) => { const box = c.querySelector('.plot-box'); const n = box ? Number(box.dataset.series) : 0; return n > 0 && box.querySelectorAll('path.plot-line').length === n; }); })()`;

async function figuresShown(page: Page): Promise<void> {
  await waitTrue(
    page,
    `(() => { const n = document.querySelector('[data-testid="now"]'); const c = [...document.querySelectorAll('[data-testid="availability"]')]; return !!n && n.dataset.state !== 'loading' && c.length > 0 && c.every((e) => /\\d+\\.\\d+ %/.test(e.textContent || '')); })()`,
  );
}

describe('UI benchmarks', () => {
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
    const executablePath = findChromium();
    browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu'] });
    // Warm the data dir: one online run until the Overview has its figures and the alarms have synced.
    dataDir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-ui-'));
    const warm = await startServe(dataDir);
    const page = await browser.newPage();
    await page.goto(warm.url);
    await figuresShown(page);
    await page.locator('[data-testid="alarm-count"]:not([data-state="syncing"])').waitFor({ timeout: 90_000 });
    await page.close();
    await warm.stop();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('ui.first_useful_ms and ui.slo_detail_ms', async () => {
    const firstUseful: number[] = [];
    const health: number[] = [];
    let serve: Awaited<ReturnType<typeof startServe>> | null = null;
    for (let run = 0; run < 3; run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const t0 = performance.now();
      serve = await startServe(dataDir, ['--demo-outage']);
      await page.goto(serve.url);
      await figuresShown(page);
      firstUseful.push(performance.now() - t0);
      for (let i = 0; i < 20; i++) {
        const h0 = performance.now();
        await fetch(`${serve.origin}/api/health`, { headers: { authorization: `Bearer ${serve.token}` } });
        health.push(performance.now() - h0);
      }
      await page.close();
      if (run < 2) await serve.stop();
    }
    const base = median(health);
    const fu = median(firstUseful);
    recordFigure('ui.first_useful_ms', {
      value: Math.round(fu),
      unit: 'ms',
      baseline: Number(base.toFixed(2)),
      ratio: Number((fu / base).toFixed(1)),
      note: `median of 3 runs: serve mode started on a warm data dir with --demo-outage → Overview with the now panel answered and every SLO row a figure, in Chromium; runs ${firstUseful.map((x) => x.toFixed(0)).join(', ')} ms (includes process start and the SDK/worker start-up; the Overview, SLO list and burn alerts come from <dataDir>/first-screen.json while the SLO worker starts, the data being unchanged since the last run's evaluation); baseline = median health round trip; load average ${loadavg()[0]!.toFixed(1)}; target < 1,000 ms`,
    });

    // SLO detail: click in the list → all charts drawn. The list is re-opened between runs.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The renderer main thread's own time per click (CDP Performance metrics), which a loaded
    // machine stretches less than the wall clock.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const rendererMs = async (): Promise<{ task: number; script: number }> => {
      const m = new Map((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
      return { task: (m.get('TaskDuration') ?? 0) * 1000, script: (m.get('ScriptDuration') ?? 0) * 1000 };
    };
    const taskMs: number[] = [];
    const scriptMs: number[] = [];
    await page.goto(`${serve!.url}#/slos`);
    await page.getByTestId('slo-list-row').first().waitFor({ timeout: 60_000 });
    const detail: number[] = [];
    const drawnInDom: number[] = [];
    const wall: number[] = [];
    const ids = await page.locator('[data-testid="slo-list-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slo') ?? ''));
    for (let run = 0; run < 7; run++) {
      await page.evaluate(`window.location.hash = '#/slos'`);
      const id = ids[run % ids.length]!;
      const link = page.locator(`[data-slo="${id}"] a.slo-name`);
      await link.waitFor();
      const cpu0 = await rendererMs();
      // In the page, from the press (pointerdown) to the frame that shows every chart drawn: each
      // animation frame checks; rAF runs before that frame's layout and paint, and a task queued
      // from it runs after them. Playwright's own click (its actionability waits before it presses,
      // 40–260 ms here) is not the user's wait: its wall time goes in the note.
      await page.evaluate(`(() => {
        window.__sloDetailMs = new Promise((resolve) => {
          document.addEventListener('pointerdown', () => {
            const t0 = performance.now();
            const drawn = () => ${DETAIL_DRAWN};
            const frame = () => (drawn() ? setTimeout(() => resolve(performance.now() - t0), 0) : requestAnimationFrame(frame));
            requestAnimationFrame(frame);
          }, { capture: true, once: true });
        });
      })()`);
      const t0 = performance.now();
      await link.click();
      // Every chart's series drawn: each chart's box has one path per series it announces.
      await waitTrue(page, DETAIL_DRAWN, 30_000);
      drawnInDom.push(performance.now() - t0);
      detail.push(await page.evaluate<number>('window.__sloDetailMs'));
      wall.push(performance.now() - t0);
      const cpu1 = await rendererMs();
      taskMs.push(cpu1.task - cpu0.task);
      scriptMs.push(cpu1.script - cpu0.script);
    }
    const sd = median(detail.slice(1));
    recordFigure('ui.slo_detail_ms', {
      value: Math.round(sd),
      unit: 'ms',
      baseline: Number(base.toFixed(2)),
      ratio: Number((sd / base).toFixed(1)),
      note: `median of 6 clicks (after one warm-up) from the SLO list to the detail with its charts drawn and the frame showing them painted, timed in the page from the press (pointerdown) to the first frame with every chart's series paths drawn, painted (since 2026-12-02; before, from Playwright's click() call, whose actionability waits before the press took 40–260 ms of that figure), offline on a warm cache; runs ${detail.map((x) => x.toFixed(0)).join(', ')} ms; from Playwright's click() call: to the series in the DOM ${drawnInDom.map((x) => x.toFixed(0)).join(', ')} ms, to the page's answer ${wall.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(wall.slice(1)).toFixed(0)} ms); renderer main thread per click: median ${median(taskMs.slice(1)).toFixed(0)} ms of tasks, ${median(scriptMs.slice(1)).toFixed(0)} ms of script (the wall time beyond it is the detail call, Playwright's click and polling); load average ${loadavg()[0]!.toFixed(1)}; target < 150 ms`,
    });
    await page.close();
    await serve!.stop();
    expect(fu).toBeGreaterThan(0);
    expect(sd).toBeGreaterThan(0);
  });
});
