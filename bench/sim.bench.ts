// The simulator's cost per datapoint (it answers every GetMetricData of a 30-day backfill):
//
//   sim.points_100k_ms   100,800 one-minute p95 latency values through a resolved metric handle
//                        (what GetMetricData does per query); baseline = the same count through
//                        metricValue (resolving the metric and parsing the statistic per point),
//                        same run.
import { describe, expect, it } from 'vitest';
import { computeValue, metricValue, parseStat, resolveMetric, type MetricId } from '../src/sim/platform/model';
import { medianMs, recordFigure } from './results';

const SEED = 42;
const T0 = Date.UTC(2026, 2, 4, 15, 0, 0) / 1000;
const POINTS = 100_800;

describe('simulator', () => {
  it('computes a week of one-minute values', async () => {
    const m: MetricId = { namespace: 'ECommerce/Services', metricName: 'Latency', dimensions: [{ name: 'Service', value: 'payment-service' }] };
    const handle = resolveMetric(m)!;
    const stat = parseStat('p95')!;
    let acc = 0;
    const viaHandle = await medianMs(5, () => {
      for (let i = 0; i < POINTS; i++) acc += computeValue(SEED, handle, stat, 60, T0 + i * 60) ?? 0;
    });
    const viaMetricValue = await medianMs(5, () => {
      for (let i = 0; i < POINTS; i++) acc += metricValue(SEED, m, 'p95', 60, T0 + i * 60) ?? 0;
    });
    expect(acc).toBeGreaterThan(0);
    recordFigure('sim.points_100k_ms', {
      value: Number(viaHandle.toFixed(1)),
      unit: 'ms',
      baseline: Number(viaMetricValue.toFixed(1)),
      ratio: viaHandle / viaMetricValue,
      note: '100,800 one-minute p95 values through a resolved handle; baseline: metricValue (resolve + parse per point), same run',
    });
  });
});
