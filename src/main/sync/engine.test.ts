// Integration: the sync engine, through the real CloudWatch SDK client, against the
// simulator on loopback. Asserts on what cache.db holds afterwards.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMetrics, metricValue } from '../../sim/platform/model';
import { startSimulator, type Simulator } from '../../sim/server';
import { openCache, type CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { resolutionSegments } from '../domain/cloudwatch/planner';
import { seriesFor } from './collect';
import { RETENTION_MARGIN_MS, SyncEngine } from './engine';

const SEED = 7;
const DAY = 86_400_000;
// A fixed "now" on a minute boundary keeps the expected datapoints exact.
const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);

let sim: Simulator | null = null;
let cache: CacheStore | null = null;
afterEach(async () => {
  await sim?.close();
  cache?.close();
  sim = null;
  cache = null;
});

async function setup(backfillDays = 30, now = NOW) {
  sim = await startSimulator({ seed: SEED, now: () => now });
  cache = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-sync-'))).cache;
  const engine = new SyncEngine({
    sourceId: 'demo',
    client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 3, retryBaseMs: 5 }),
    cache,
    now: () => now,
    backfillMs: backfillDays * DAY,
  });
  return { sim, cache, engine };
}

describe('sync engine against the simulator', () => {
  it('backfills 30 days for every series: no gaps, no duplicates, values equal to the simulator', async () => {
    const { cache, engine } = await setup();
    await engine.runOnce();

    const expectedSeries = seriesFor(listMetrics().map((m) => ({ namespace: m.namespace, metric: m.metricName, dimensions: m.dimensions })));
    const stored = cache.listSeries('demo');
    expect(stored.length).toBe(expectedSeries.length);
    expect(stored.length).toBeGreaterThan(50);

    // Retention: 60 s for the last 15 days, 300 s before that (boundary on the 300 s grid).
    const segments = resolutionSegments(NOW - 30 * DAY, NOW, NOW, RETENTION_MARGIN_MS);
    const fine = segments.find((s) => s.period === 60)!;
    const coarse = segments.find((s) => s.period === 300)!;
    const boundary = fine.startTime / 1000;
    const start = coarse.startTime / 1000;
    const order = stored.find((s) => s.key === 'ECommerce/Services|RequestCount|Service=order-service|Sum');
    expect(order).toBeDefined();
    const points = cache.points(order!.id, start, NOW / 1000);
    const recent = points.filter((p) => p.ts >= boundary);
    const older = points.filter((p) => p.ts < boundary);
    expect(recent.length).toBe(fine.points);
    expect(older.length).toBe(coarse.points);
    // Independent sanity check: 30 days at 1 min then 5 min; the 10 min retention margin trades
    // 10 one-minute points for 2 five-minute ones, and the tier boundary on the 5 min grid 5 for 1.
    expect(recent.length + older.length).toBe(15 * 1440 + 15 * 288 - 8 - 4);
    // No gaps: consecutive timestamps are exactly one period apart within each tier.
    recent.forEach((p, i) => i > 0 && expect(p.ts - recent[i - 1]!.ts).toBe(60));
    older.forEach((p, i) => i > 0 && expect(p.ts - older[i - 1]!.ts).toBe(300));
    // No duplicates: the primary key guarantees it; the count above would also catch it.
    const metric = { namespace: 'ECommerce/Services', metricName: 'RequestCount', dimensions: [{ name: 'Service', value: 'order-service' }] };
    for (const p of [recent[0]!, recent[recent.length - 1]!, older[0]!, older[older.length - 1]!, recent[5000]!]) {
      const period = p.ts >= boundary ? 60 : 300;
      expect(p.value).toBeCloseTo(metricValue(SEED, metric, 'Sum', period, p.ts) ?? NaN, 6);
    }
    // Alarms arrived too.
    expect(cache.alarms('demo').length).toBeGreaterThan(5);
    expect(engine.connectivity.state).toBe('online');
  }, 180_000); // a hang guard, not a speed goal (31–36 s on a quiet machine; the backfill speed is in bench/sync.bench.ts)

  it('a second pass adds only what is new and duplicates nothing', async () => {
    const { cache, engine } = await setup(2);
    await engine.runOnce();
    const before = cache.stats().points;
    await engine.runOnce();
    expect(cache.stats().points).toBe(before);
  });

  it('a clock behind the cached data (--demo-clock on a data dir a live run filled) fetches nothing past the clock and reports no error', async () => {
    const { sim, cache, engine } = await setup(1);
    await engine.runOnce();
    const series = cache.listSeries('demo');
    const newestBefore = Math.max(...series.map((s) => cache.watermark(s.id)?.newest ?? 0));
    const behind = NOW - 3 * DAY;
    const client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 3, retryBaseMs: 5 });
    const late = new SyncEngine({ sourceId: 'demo', client, cache, now: () => behind, backfillMs: DAY });
    await late.runOnce();
    expect(late.connectivity).toMatchObject({ state: 'online', lastError: null });
    expect(late.parts.filter((p) => p.state === 'failing').map((p) => `${p.id}: ${p.lastError}`)).toEqual([]);
    // The history before the clock was read; nothing after it was asked for or lost.
    const order = series.find((s) => s.key === 'ECommerce/Services|RequestCount|Service=order-service|Sum')!;
    expect(cache.watermark(order.id)?.oldest).toBeLessThanOrEqual((behind - DAY) / 1000 + 3600);
    expect(Math.max(...series.map((s) => cache.watermark(s.id)?.newest ?? 0))).toBe(newestBefore);
  }, 120_000);

  it('goes offline when the source refuses connections, and back online when it returns', async () => {
    const { sim, engine, cache } = await setup(2);
    await engine.runOnce();
    const before = cache.stats().points;
    await sim.setOutage(true);
    await expect(engine.runOnce()).rejects.toThrow();
    expect(engine.connectivity.state).toBe('degraded');
    await expect(engine.runOnce()).rejects.toThrow();
    expect(engine.connectivity.state).toBe('offline');
    expect(engine.connectivity.offlineSince).toBe(NOW);
    expect(cache.sourceState('demo')?.state).toBe('offline');
    expect(cache.stats().points).toBe(before);
    await sim.setOutage(false);
    await engine.runOnce();
    expect(engine.connectivity).toMatchObject({ state: 'online', offlineSince: null, lastError: null });
  });
});
