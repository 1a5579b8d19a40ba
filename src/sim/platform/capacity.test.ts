import { describe, expect, it } from 'vitest';
import { ANALYTICS_DB, analyticsVolumeFreeGiB, analyticsVolumeFullAt, GROWING_SERVICE, growthFactor, VOLUME } from './capacity';
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
    expect(names.filter((n) => n.includes(GROWING_SERVICE))).toHaveLength(4);
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
});
