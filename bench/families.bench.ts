// The Overview's metric families (issue 14): metrics.summary_ms, the main side's answer to
// metricsSummary (11 figures, each with a 6-hour trend in 5-minute buckets and a week-ago
// bucket) on a cache the real sync filled from the simulator with 8 days of history, memo
// bypassed. Baseline, same run and cache: one family of the Metrics page over the same 6 hours
// (metricsDashboard application, 10 charts) — the summary must cost less than the one
// dashboard it stands in for on the Overview, so it never holds up the now-panel's answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../src/main/api/context';
import { dispatch, type Handlers } from '../src/main/api/dispatch';
import { syncedDemo, type SyncedDemo } from '../src/main/metrics/fixtures/syncedDemo';
import { metricsHandlers } from '../src/main/metrics/handlers';
import { medianMs, recordFigure } from './results';

const NOW = Date.parse('2026-10-26T17:38:00Z');
const DAY = 86_400_000;
const RUNS = 15;

describe('Overview metric families', () => {
  let demo: SyncedDemo;
  let handlers: Handlers;
  let version = 1;

  beforeAll(async () => {
    demo = await syncedDemo({ prefix: 'opsdeck-bench-families-', now: NOW, backfillMs: 8 * DAY });
    handlers = metricsHandlers({ cache: demo.cache, journal: demo.journal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => version } as unknown as ApiContext) as Handlers;
  }, 900_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('metrics.summary_ms against one 6-hour dashboard family', async () => {
    const run = async (method: 'metricsSummary' | 'metricsDashboard', input: Record<string, unknown>): Promise<void> => {
      version++; // a fresh answer each run, not the memo's
      const r = await dispatch(handlers, method, input);
      if (!r.ok) throw new Error(r.error.message);
    };
    // Warm both paths once (statement preparation, page cache).
    await run('metricsSummary', {});
    await run('metricsDashboard', { family: 'application', preset: '6h', maxPoints: 600 });
    const baseline = await medianMs(RUNS, () => run('metricsDashboard', { family: 'application', preset: '6h', maxPoints: 600 }));
    const value = await medianMs(RUNS, () => run('metricsSummary', {}));
    recordFigure('metrics.summary_ms', {
      value: Number(value.toFixed(2)),
      unit: 'ms',
      baseline: Number(baseline.toFixed(2)),
      ratio: value / baseline,
      note: `metricsSummary (11 figures, 6 h trends + week-ago buckets) vs metricsDashboard application 6 h, median of ${RUNS}, memo bypassed, 8 days cached`,
    });
    expect(value).toBeLessThan(baseline);
  });
});
