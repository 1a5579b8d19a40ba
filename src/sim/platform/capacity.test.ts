import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANALYTICS_DB, analyticsVolumeFreeGiB, analyticsVolumeFullAt, GROWING_SERVICE, growthFactor, QUEUE_SERVICES, queueDepthAt, VOLUME } from './capacity';
import { DAY } from './clock';
import { listMetrics, metricValue } from './model';
import { seedKey } from './random';

const SEED = 42;
const T0 = Date.UTC(2026, 10, 2) / 1000;
const free = { namespace: 'AWS/RDS', metricName: 'FreeStorageSpace', dimensions: [{ name: 'DBInstanceIdentifier', value: ANALYTICS_DB }] };
const podDims = [
  { name: 'ClusterName', value: 'ecommerce-prod' },
  { name: 'Namespace', value: 'ecommerce' },
  { name: 'Service', value: GROWING_SERVICE },
];

describe('capacity series in the simulator', () => {
  it('are in the catalogue once each', () => {
    const names = listMetrics().map((m) => `${m.namespace}/${m.metricName}/${m.dimensions.map((d) => d.value).join(',')}`);
    expect(names.filter((n) => n.includes(ANALYTICS_DB))).toHaveLength(1);
    // Requests, pod CPU, pod memory, running pods and request queue depth.
    expect(names.filter((n) => n.includes(GROWING_SERVICE))).toHaveLength(5);
  });

  it('the analytics volume fills at 10 GiB a day and its true full time is where the trend reaches 0', () => {
    const a = metricValue(SEED, free, 'Average', 3600, T0)! / 2 ** 30;
    const b = metricValue(SEED, free, 'Average', 3600, T0 + DAY)! / 2 ** 30;
    const full = analyticsVolumeFullAt(SEED, T0);
    // Unless an extension falls in between, one day later is 10 GiB less (± noise).
    if (analyticsVolumeFullAt(SEED, T0 + DAY) === full) expect(a - b).toBeCloseTo(10, 0);
    expect(Math.abs(analyticsVolumeFreeGiB(SEED, T0) - a)).toBeLessThan(1);
    // Linear: free(t) = 10 GiB/day × (full − t).
    expect(analyticsVolumeFreeGiB(SEED, T0)).toBeCloseTo((VOLUME.fillGiBPerDay * (full - T0)) / DAY, 6);
    expect(full - T0).toBeGreaterThan(2 * DAY);
    expect(full - T0).toBeLessThanOrEqual(26 * DAY);
  });

  it('is extended every 24 days (a step up in free space)', () => {
    const starts = new Set<number>();
    for (let d = 0; d < 60; d++) starts.add(analyticsVolumeFullAt(SEED, T0 + d * DAY));
    expect(starts.size).toBeGreaterThanOrEqual(2);
    const sorted = [...starts].sort((x, y) => x - y);
    expect(sorted[1]! - sorted[0]!).toBe(24 * DAY);
  });

  it('recommendation-service grows 3 % a week and its HPA stays within 2–10 pods', () => {
    const key = seedKey(SEED);
    const g0 = growthFactor(key, T0);
    const g1 = growthFactor(key, T0 + 7 * DAY);
    if (g1 > g0) expect(g1 / g0).toBeCloseTo(1.03, 9);
    for (let h = 0; h < 24 * 7; h += 5) {
      const pods = metricValue(SEED, { namespace: 'ContainerInsights', metricName: 'service_number_of_running_pods', dimensions: podDims }, 'Average', 60, T0 + h * 3600)!;
      expect(pods).toBeGreaterThanOrEqual(2);
      expect(pods).toBeLessThanOrEqual(10);
    }
  });

  it('is deterministic in (seed, time)', () => {
    expect(metricValue(SEED, free, 'Average', 300, T0)).toBe(metricValue(SEED, free, 'Average', 300, T0));
    expect(metricValue(SEED, free, 'Average', 300, T0)).not.toBe(metricValue(SEED + 1, free, 'Average', 300, T0));
  });

  it('leaves every series that existed before the queue depths bit-identical', () => {
    // Digest of the 119 series the small estate had before RequestQueueDepth was added,
    // recorded from the code before the change: 2 seeds × 40 times × 2 statistics each.
    const before = listMetrics().filter((m) => m.metricName !== 'RequestQueueDepth');
    expect(before).toHaveLength(119);
    const h = createHash('sha256');
    for (const m of before) {
      for (const seed of [7, 42])
        for (let i = 0; i < 40; i++) {
          const sec = T0 + i * 7919;
          for (const stat of ['Average', 'p95']) h.update(`${m.namespace}|${m.metricName}|${JSON.stringify(m.dimensions)}|${stat}|${String(metricValue(seed, m, stat, 300, sec))};`);
        }
    }
    expect(h.digest('hex')).toBe('04963dbe71268a1f066c8d19454f588ae0fd198a79249ec1e60e7682619adc0b');
    // And the new series come after all of them, so no index moves either.
    expect(listMetrics().slice(0, 119)).toEqual(before);
  });
});

describe('request queue depth per service', () => {
  const depth = (svc: string, seed: number, sec: number) =>
    metricValue(seed, { namespace: 'ECommerce/Services', metricName: 'RequestQueueDepth', dimensions: [{ name: 'Service', value: svc }] }, 'Average', 300, sec);

  it('follows workers × ρ ÷ (1 − ρ) with 8 workers', () => {
    expect(queueDepthAt(0.5)).toBeCloseTo(8, 12); // 8 × 0.5 ÷ 0.5
    expect(queueDepthAt(0.9)).toBeCloseTo(72, 9); // 8 × 0.9 ÷ 0.1
    expect(queueDepthAt(0.95)).toBeCloseTo(152, 9); // 8 × 0.95 ÷ 0.05
    expect(queueDepthAt(-1)).toBe(0);
    // Saturation is capped at ρ = 0.985: 8 × 0.985 ÷ 0.015.
    expect(queueDepthAt(3)).toBeCloseTo(525.33, 2);
  });

  it('is published once for each of the six services, deterministic in (seed, time)', () => {
    const names = listMetrics().filter((m) => m.metricName === 'RequestQueueDepth');
    expect(names.map((m) => m.dimensions[0]!.value)).toEqual([...QUEUE_SERVICES]);
    for (const svc of QUEUE_SERVICES) {
      expect(depth(svc, SEED, T0 + 3600)).toBe(depth(svc, SEED, T0 + 3600));
      expect(depth(svc, SEED, T0 + 3600)).toBeGreaterThanOrEqual(0);
    }
    const week = (seed: number) => Array.from({ length: 7 * 24 }, (_, h) => depth('order-service', seed, T0 + h * 3600));
    expect(week(SEED)).not.toEqual(week(SEED + 1));
  });

  it('stays well under 100 at ordinary load and passes 100 for the growing service at max pods', () => {
    const hours = Array.from({ length: 7 * 24 }, (_, h) => T0 + h * 3600);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(hours.map((t) => depth('order-service', SEED, t)!))).toBeLessThan(100);
    // Over the 20-week campaign the growing service reaches its max of 10 pods and queues up.
    const campaign = Array.from({ length: 140 * 24 }, (_, h) => T0 + h * 3600);
    const podDepths = campaign.map((t) => ({
      pods: metricValue(SEED, { namespace: 'ContainerInsights', metricName: 'service_number_of_running_pods', dimensions: podDims }, 'Average', 60, t)!,
      depth: depth(GROWING_SERVICE, SEED, t)!,
    }));
    expect(Math.max(...podDepths.map((p) => p.depth))).toBeGreaterThan(100);
    expect(podDepths.filter((p) => p.depth > 100).every((p) => p.pods === 10)).toBe(true);
  });
});
