// memory.renderer_heap_mb (issue 15): the renderer's live JS heap in Chromium, measured
// through the debugger protocol after a forced collection (HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage), so it is what the page keeps, not garbage V8 has not collected yet.
// Used by bench/scale.bench.ts on the large estate.
import type { Page } from 'playwright';

export interface HeapReading {
  /** Live JS heap after a full collection, MB. */
  usedMb: number;
  /** The heap V8 holds for the page (live + free), MB. */
  totalMb: number;
}

export async function liveHeap(page: Page): Promise<HeapReading> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return { usedMb: usedSize / 2 ** 20, totalMb: totalSize / 2 ** 20 };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Polls an expression in the page until it is true (the app's CSP refuses waitForFunction's `new Function`). */
export async function waitTrue(page: Page, expression: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(100);
  }
}

/** The queue tab's count once the queue has answered (its rows listed). */
export const QUEUE_SHOWN = `(() => { const c = document.querySelector('[data-testid="queue-tab-count"]'); return !!c && Number(c.textContent) > 0 && document.querySelectorAll('[data-testid="alert-row"]').length > 0; })()`;

/** Every chart of a Metrics family drawn (a line in each, none still loading). */
export const dashboardShown = (family: string): string =>
  `(() => { const s = document.querySelector('[data-testid="metrics-family-${family}"]'); if (!s) return false; const charts = [...s.querySelectorAll('[data-testid^="metric-chart-"]')]; return charts.length > 0 && charts.every((c) => c.querySelector('path.metric-line')); })()`;
