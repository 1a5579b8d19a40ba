// The Overview's metric families through dispatch (output validated against the contract), on a
// cache the real sync engine filled from the simulator at the demo's payment incident, with a
// week of history so the week-ago comparison has something to compare with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSummary, MetricTile } from '@shared/contract/metrics';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { chunksOf } from '../store/chunks';
import { openCache } from '../store/cache';
import { syncedDemo, type SyncedDemo } from './fixtures/syncedDemo';
import { metricsHandlers } from './handlers';
import { SUMMARY_RES_SEC } from './summary';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// 10 minutes into the demo's scripted payment 5xx spike (README, "The demo platform").
const NOW = Date.parse('2026-10-26T17:38:00Z');

let demo: SyncedDemo;
let handlers: Handlers;

beforeAll(async () => {
  demo = await syncedDemo({ prefix: 'opsdeck-metrics-summary-', now: NOW, backfillMs: 7 * DAY + 2 * HOUR });
  handlers = metricsHandlers({ cache: demo.cache, journal: demo.journal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => 1 } as unknown as ApiContext) as Handlers;
}, 600_000);

afterAll(async () => {
  await demo?.close();
});

async function summaryOf(h: Handlers): Promise<MetricsSummary> {
  const r = await dispatch(h, 'metricsSummary', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data as MetricsSummary;
}

const tileOf = (s: MetricsSummary, id: string): MetricTile => {
  const t = s.tiles.find((x) => x.id === id);
  if (!t) throw new Error(`no tile ${id}`);
  return t;
};

describe('metricsSummary on the demo platform', () => {
  it('has the seeds’ three families, every figure found, with a 6-hour trend in 5-minute buckets', async () => {
    const s = await summaryOf(handlers);
    expect(s.preset).toBe('6h');
    expect(s.tiles.map((t) => `${t.family}/${t.id}`)).toEqual([
      'business/orders',
      'business/revenue',
      'business/active-users',
      'business/conversion',
      'business/cart-abandonment',
      'application/requests',
      'application/errors',
      'application/p95',
      'infrastructure/cpu',
      'infrastructure/memory',
      'infrastructure/disk',
    ]);
    for (const t of s.tiles) {
      expect(t.missing, t.id).toBeNull();
      expect(t.value, t.id).not.toBeNull();
      expect(t.spark.length, t.id).toBeGreaterThanOrEqual(72);
      expect(t.spark.filter((p) => p[1] !== null).length, t.id).toBeGreaterThan(60);
      expect(t.dataAsOf, t.id).not.toBeNull();
      expect(t.dataAsOf!, t.id).toBeLessThanOrEqual(NOW);
      expect(NOW - t.dataAsOf!, t.id).toBeLessThan(10 * MIN);
    }
    expect(s.dataAsOf).toBe(Math.max(...s.tiles.map((t) => t.dataAsOf!)));
  });

  it('the CPU figure is the mean of the cluster series over the newest 5-minute bucket (hand-checked against the cache)', async () => {
    const s = await summaryOf(handlers);
    const cpu = tileOf(s, 'cpu');
    const series = demo.cache.listSeries('demo').filter((x) => x.namespace === 'ContainerInsights' && x.metric === 'node_cpu_utilization' && x.stat === 'Average' && x.dimensions.length === 1);
    expect(series).toHaveLength(1);
    const lastBucket = cpu.spark.filter((p) => p[1] !== null).at(-1)![0] / 1000;
    const rows = chunksOf(demo.cache.db).readRange(series[0]!.id, lastBucket, lastBucket + SUMMARY_RES_SEC);
    expect(rows.length).toBeGreaterThan(0);
    const mean = rows.reduce((a, r) => a + r[1], 0) / rows.length;
    expect(cpu.value).toBeCloseTo(mean, 9);
    expect(cpu.target).toEqual({ value: 70, direction: 'below', label: 'CPU < 70 %' });
    expect(cpu.breached).toBe(cpu.value! > 70);
    expect(tileOf(s, 'memory').target?.value).toBe(80);
    expect(tileOf(s, 'disk').target?.value).toBe(80);
    expect(tileOf(s, 'disk').qualifier).toBe('fullest node');
  });

  it('during the payment incident the error figure is breached, and payment-service is named as the worst', async () => {
    const s = await summaryOf(handlers);
    const errors = tileOf(s, 'errors');
    expect(errors.worst?.label).toBe('payment-service');
    expect(errors.worst!.value).toBeGreaterThan(errors.value!);
    expect(errors.target?.value).toBe(1);
    expect(errors.breached).toBe(errors.value! > 1);
    // The busiest service is not the worst one: the request figure names none.
    expect(tileOf(s, 'requests').worst).toBeNull();
    const p95 = tileOf(s, 'p95');
    expect(p95.qualifier).toMatch(/^slowest: [a-z-]+$/);
    expect(p95.worst).toBeNull();
    // The figure is the trend's newest point: per bucket, the highest of the per-service lines.
    expect(p95.value).toBe(p95.spark.filter((p) => p[1] !== null).at(-1)![1]);
  });

  it('traffic figures compare with the same bucket a week earlier; the rest are read against their targets', async () => {
    const s = await summaryOf(handlers);
    for (const id of ['orders', 'revenue', 'active-users', 'cart-abandonment', 'requests']) {
      const t = tileOf(s, id);
      expect(t.weekAgo, id).not.toBeNull();
      // Same hour of the same weekday: the demo's weekly pattern keeps it within a factor of two.
      expect(t.weekAgo! / t.value!, id).toBeGreaterThan(0.5);
      expect(t.weekAgo! / t.value!, id).toBeLessThan(2);
    }
    // Failing payments halve checkouts: the comparison is what shows it.
    const conversion = tileOf(s, 'conversion');
    expect(conversion.weekAgo! / conversion.value!).toBeGreaterThan(1.5);
    for (const id of ['errors', 'p95', 'cpu', 'memory', 'disk']) expect(tileOf(s, id).weekAgo, id).toBeNull();
  });

  it('an account without the demo’s metrics: each figure names what it looked for instead of a zero', async () => {
    const other = mkdtempSync(join(tmpdir(), 'opsdeck-metrics-summary-bare-'));
    const { cache: bare } = openCache(other, () => NOW);
    try {
      let version = 1;
      const h = metricsHandlers({ cache: bare, journal: demo.journal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => version } as unknown as ApiContext) as Handlers;
      // Before the first catalogue sync nothing is known to be missing yet: no figure, no accusation.
      const first = await summaryOf(h);
      for (const t of first.tiles) expect([t.id, t.value, t.missing]).toEqual([t.id, null, null]);
      // Only CPU of the cluster, as Maximum: everything the Overview reads is missing.
      bare.ensureSeries('demo', [
        { key: 'ContainerInsights|node_cpu_utilization|ClusterName=prod|Maximum', namespace: 'ContainerInsights', metric: 'node_cpu_utilization', dimensions: [{ name: 'ClusterName', value: 'prod' }], stat: 'Maximum', unit: null },
      ]);
      version++;
      const s = await summaryOf(h);
      expect(s.tiles).toHaveLength(11);
      for (const t of s.tiles) {
        expect(t.value, t.id).toBeNull();
        expect(t.breached, t.id).toBe(false);
        expect(t.spark, t.id).toEqual([]);
      }
      expect(tileOf(s, 'cpu').missing).toBe('ContainerInsights node_cpu_utilization {ClusterName=*} Average');
      expect(tileOf(s, 'errors').missing).toBe('ECommerce/Services RequestCount {Service=*} Sum');
      expect(s.dataAsOf).toBeNull();
    } finally {
      bare.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
