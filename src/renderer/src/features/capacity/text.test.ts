import { describe, expect, it } from 'vitest';
import type { CapacityRow } from '@shared/contract/capacity';
import { autoscalerText, crossingText, formatValue, thresholdText, toCsv, toMarkdown } from './text';

const T = Date.UTC(2027, 0, 14, 9, 0);
const row: CapacityRow = {
  id: 'eks-nodes/cpu',
  resourceId: 'eks-nodes',
  resource: 'EKS node group (ecommerce-prod)',
  metricId: 'cpu',
  metric: 'CPU',
  unit: 'percent',
  threshold: 70,
  direction: 'above',
  sustainMinutes: 15,
  action: 'scale up',
  current: 51.23,
  headroom: 18.77,
  crossing: { state: 'crossing', p10: T - 5 * 86_400_000, p50: T, p90: T + 8 * 86_400_000, horizonEnd: T + 20 * 86_400_000 },
  crossingResolution: '1h',
  autoscaler: { noun: 'nodes', min: 3, max: 20, current: 6, atMax: { state: 'crossing', p10: T - 5 * 86_400_000, p50: T, p90: T + 8 * 86_400_000, horizonEnd: T + 20 * 86_400_000 } },
  model: 'mstl',
  accuracy: { basis: 'backtest', mase: 0.71, naiveMase: 0.9, coverage80: 0.8, coverage95: 0.95, points: 144, horizonHours: 48, verdict: 'good', words: null },
  cleaning: { count: 2, spans: [{ from: T - 10 * 86_400_000, to: T - 10 * 86_400_000 + 7_200_000 }] },
  problem: null,
  whatIf: { label: 'Node count', unit: 'nodes', current: 6 },
  dataAsOf: T - 40 * 86_400_000,
  madeAt: T - 40 * 86_400_000,
};

describe('capacity text', () => {
  it('gives every value its unit', () => {
    expect(formatValue(51.234, 'percent')).toBe('51.2 %');
    expect(formatValue(1234, 'ms')).toBe('1.23 s');
    expect(formatValue(3 * 2 ** 30, 'bytes')).toBe('3.0 GiB');
  });
  it('reads the autoscaler like the review asks: at max nodes (20) by P50, between P10 and P90', () => {
    expect(autoscalerText(row, 'utc', T - 40 * 86_400_000)).toBe('at max nodes (20) by 2027-01-14 09:00 UTC (in 40 d) (P50), between 01-09 09:00 and 01-22 09:00');
  });
  it('distinguishes already beyond and no crossing', () => {
    expect(crossingText({ state: 'already', since: T }, 'utc', T)).toBe('already beyond since 2027-01-14 09:00 UTC');
    expect(crossingText({ state: 'none', horizonEnd: T }, 'utc', T)).toBe('no crossing within the horizon (to 2027-01-14)');
    // An early edge inside the forecast's first (already started) hour is not shown as a past time.
    expect(crossingText({ state: 'crossing', p10: T - 8 * 60_000, p50: T + 5_400_000, p90: null, horizonEnd: T + 86_400_000 }, 'utc', T)).toBe('P50 2027-01-14 10:30 UTC (in 1 h 30 min) · between now and beyond the horizon');
    // No P50 time within the horizon: the range's early edge says its zone (it is the only time shown).
    expect(crossingText({ state: 'crossing', p10: T + 3_600_000, p50: null, p90: null, horizonEnd: T + 86_400_000 }, 'utc', T)).toBe('P50 after the horizon · between 01-14 10:00 UTC and beyond the horizon');
  });
  it('exports CSV with ISO times and quoted cells', () => {
    const csv = toCsv([{ ...row, resource: 'a, "b"' }]).split('\n');
    expect(csv[0]).toMatch(/^resource,metric,threshold/);
    expect(csv[1]).toMatch(/^"a, ""b""",CPU,> 70 % for 15 min,51\.23,18\.77,crossing,2027-01-09T09:00:00\.000Z,2027-01-14T09:00:00\.000Z,2027-01-22T09:00:00\.000Z,mstl,backtest/);
  });
  it('exports Markdown with the cleaning notice', () => {
    const md = toMarkdown([row], { mode: 'utc', now: T - 40 * 86_400_000, dataAsOf: row.dataAsOf });
    expect(md).toContain('| EKS node group (ecommerce-prod) | CPU | > 70 % for 15 min | 51.2 % | 18.8 % |');
    expect(md).toContain('## Points replaced before fitting');
    expect(md).toContain('- EKS node group (ecommerce-prod) · CPU: 2 h (01-04 09:00–11:00)');
  });
});

describe('scale triggers read as the seeds write them', () => {
  it('"> 70 % for 15 min", "> 1 s", "> 1.5 s", "> 800 ms"; a measured value keeps its decimal', () => {
    expect(thresholdText(row)).toBe('> 70 % for 15 min');
    const latency = { ...row, unit: 'ms' as const, sustainMinutes: 0 };
    expect(thresholdText({ ...latency, threshold: 1000 })).toBe('> 1 s');
    expect(thresholdText({ ...latency, threshold: 1500 })).toBe('> 1.5 s');
    expect(thresholdText({ ...latency, threshold: 800 })).toBe('> 800 ms');
    expect(formatValue(-4.62, 'percent')).toBe('−4.6 %');
    // A negative headroom takes the unit its magnitude needs, and the typographic minus.
    expect(formatValue(-2739, 'ms')).toBe('−2.74 s');
    expect(formatValue(-631.4, 'ms')).toBe('−631 ms');
    expect(formatValue(-0.3, 'ms')).toBe('0 ms');
  });
});
