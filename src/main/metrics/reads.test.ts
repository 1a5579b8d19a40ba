// The metric reads as the app runs them (the built worker entry, supervised): the same answers
// as inline, a summary of a big cache computed without holding this thread, the memo kept on
// this thread, and a worker killed mid-read answered with a clear error, then restarted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSummary } from '@shared/contract/metrics';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { DASHBOARDS, type MetricMatch } from '../domain/metrics/dashboards';
import { TILES, tileSource } from '../domain/metrics/tiles';
import { openCache, type CacheStore, type PointRow } from '../store/cache';
import { settledBefore } from '../store/chunks';
import { openJournal, type JournalStore } from '../store/journal';
import { metricsHandlers } from './handlers';
import { workerMetricReads, type MetricReads } from './reads';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'out', 'main', 'metrics-worker.js');
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const NOW_SEC = NOW / 1000;
/** Series per wildcard match: the Overview's tiles then read ~630 series, as the large estate's hundreds. */
const PER_MATCH = 90;
const SPAN_SEC = 12 * 3600;

let dir: string;
let cache: CacheStore;
let journal: JournalStore;

/** Every series the tiles read, PER_MATCH of each wildcard (Service=*, ClusterName=*…), 12 h of minutes in settled chunks and a head of rows. */
function fillBigCache(c: CacheStore): number {
  const matches = new Map<string, MetricMatch>();
  for (const t of TILES) {
    const src = tileSource(t, DASHBOARDS);
    if (!src) continue;
    for (const m of src.spec.kind === 'ratio' ? [src.spec.denominator, ...src.spec.numerators] : [src.spec.match]) matches.set(JSON.stringify(m), m);
  }
  const defs = [...matches.values()].flatMap((m) => {
    const wild = m.dimensions.some((d) => d.value === '*');
    return Array.from({ length: wild ? PER_MATCH : 1 }, (_, i) => {
      const dimensions = m.dimensions.map((d) => ({ name: d.name, value: d.value === '*' ? `svc-${i}` : d.value }));
      return { key: `${m.namespace}|${m.metric}|${dimensions.map((d) => `${d.name}=${d.value}`).join(',')}|${m.stat}`, namespace: m.namespace, metric: m.metric, dimensions, stat: m.stat, unit: null };
    });
  });
  const ids = c.ensureSeries('demo', defs);
  const from = NOW_SEC - SPAN_SEC;
  let n = 0;
  for (const id of ids.values()) {
    const points: PointRow[] = [];
    for (let t = from; t < NOW_SEC; t += 60) points.push({ seriesId: id, ts: t, value: 50 + 40 * Math.sin((t / 3600 + id) % 6.28) + (id % 7) });
    c.writePage(points, [{ seriesId: id, oldest: from, newest: NOW_SEC }], settledBefore(NOW_SEC));
    n += 1;
  }
  return n;
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-metric-reads-'));
  ({ cache } = openCache(dir, () => NOW));
  journal = openJournal(dir, () => NOW);
  expect(fillBigCache(cache)).toBeGreaterThan(600);
}, 300_000);

afterAll(() => {
  cache?.close();
  journal?.close();
  rmSync(dir, { recursive: true, force: true });
});

function contextOf(version: () => number, metricReads?: MetricReads): ApiContext {
  return { cache, journal, now: () => NOW, sourceIds: ['demo'], dataVersion: version, push: () => undefined, ...(metricReads ? { metricReads } : {}) } as unknown as ApiContext;
}

async function summaryOf(h: Handlers): Promise<MetricsSummary> {
  const r = await dispatch(h, 'metricsSummary', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data as MetricsSummary;
}

/** The longest this thread went without running a 1 ms timer while `work` ran. */
async function longestGap<T>(work: () => Promise<T>): Promise<{ gapMs: number; value: T }> {
  let last = performance.now();
  let gapMs = 0;
  let running = true;
  const tick = (): void => {
    const t = performance.now();
    gapMs = Math.max(gapMs, t - last);
    last = t;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  try {
    const value = await work();
    gapMs = Math.max(gapMs, performance.now() - last);
    return { gapMs, value };
  } finally {
    running = false;
  }
}

describe('metric reads in the supervised worker', () => {
  it('a summary of ~630 series: the same answer as inline, without holding this thread', async () => {
    const reads = workerMetricReads(WORKER, { dataDir: dir, sourceIds: ['demo'], dashboards: undefined });
    try {
      await reads.worker.whenReady();
      // Inline, the summary holds this thread for the whole computation (what the app did).
      const t0 = performance.now();
      const inline = await summaryOf(metricsHandlers(contextOf(() => 1)) as Handlers);
      const inlineMs = performance.now() - t0;
      // Each run with a new data version: computed afresh in the worker, not the memo.
      let version = 10;
      const h = metricsHandlers(contextOf(() => version, reads)) as Handlers;
      const runs: { gapMs: number; ms: number }[] = [];
      let answer: MetricsSummary | null = null;
      for (let i = 0; i < 3; i++) {
        version += 1;
        const w0 = performance.now();
        const { gapMs, value } = await longestGap(() => summaryOf(h));
        runs.push({ gapMs, ms: performance.now() - w0 });
        answer = value;
      }
      expect(answer).toEqual(inline);
      expect(inline.tiles.filter((t) => t.value !== null).length).toBeGreaterThanOrEqual(8);
      // Inline, the summary holds this thread for the whole computation (what the app did): the
      // test can fail. Off the thread, its longest gap is the reply's validation and the machine's
      // scheduling (2 shared cores: 10–200 ms under a load of 10), a fraction of that hold. The
      // hold itself is ~170 ms on a quiet 2-core machine (a 200 ms bound failed there), seconds loaded.
      expect(inlineMs, 'inline summary').toBeGreaterThan(100);
      const best = Math.min(...runs.map((r) => r.gapMs));
      expect(best, `longest gaps ${runs.map((r) => r.gapMs.toFixed(0)).join(', ')} ms in reads of ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms; inline ${inlineMs.toFixed(0)} ms`).toBeLessThan(inlineMs / 4);
    } finally {
      await reads.close();
    }
  }, 120_000);

  it('the memo: answered again without the worker until the data version or the minute changes', async () => {
    const inner = workerMetricReads(WORKER, { dataDir: dir, sourceIds: ['demo'], dashboards: undefined });
    let computed = 0;
    const counted: MetricReads = {
      summary: (...a) => ((computed += 1), inner.summary(...a)),
      dashboard: (...a) => ((computed += 1), inner.dashboard(...a)),
      close: () => inner.close(),
    };
    try {
      let version = 1;
      let now = NOW;
      const ctx = { ...contextOf(() => version, counted), now: () => now } as ApiContext;
      const h = metricsHandlers(ctx) as Handlers;
      const [a, b] = await Promise.all([summaryOf(h), summaryOf(h)]);
      expect(computed).toBe(1);
      expect(b).toBe(a);
      now += 30_000;
      expect(await summaryOf(h)).toBe(a);
      version += 1;
      await summaryOf(h);
      now += 60_000;
      await summaryOf(h);
      expect(computed).toBe(3);
      const board = { family: 'application', preset: '6h', maxPoints: 300 };
      const first = await dispatch(h, 'metricsDashboard', board);
      const again = await dispatch(h, 'metricsDashboard', board);
      expect(first.ok && again.ok && again.data === first.data).toBe(true);
      expect(computed).toBe(4);
    } finally {
      await counted.close();
    }
  }, 120_000);

  it('a worker killed mid-read: that call answers with a clear error, the restarted worker answers the next', async () => {
    const reads = workerMetricReads(WORKER, { dataDir: dir, sourceIds: ['demo'], dashboards: undefined });
    try {
      await reads.worker.whenReady();
      const version = 100;
      const h = metricsHandlers(contextOf(() => version, reads)) as Handlers;
      // A summary of ~630 series takes the worker well over the 20 ms before the kill.
      const call = dispatch(h, 'metricsSummary', {});
      await new Promise((r) => setTimeout(r, 20));
      await reads.worker.thread?.terminate();
      const failed = await call;
      expect(failed).toMatchObject({ ok: false, status: 500 });
      expect(!failed.ok && failed.error.message).toMatch(/^metricsSummary: the metric reads worker stopped \(exited with code 1\) while answering; it is being restarted — try again$/);
      // The failure is not kept: the same call, same version, is computed again by the new thread.
      expect((await summaryOf(h)).tiles).toHaveLength(11);
      expect(reads.worker.status()).toMatchObject({ name: 'metric reads', state: 'running', restarts: 1 });
      const board = await dispatch(h, 'metricsDashboard', { family: 'application', preset: '6h', maxPoints: 300 });
      expect(board.ok).toBe(true);
    } finally {
      await reads.close();
    }
  }, 120_000);
});
