// The Metrics page's maths, on hand-computed cases: LTTB keeps extremes and gaps, the
// resolution follows CloudWatch retention, rates divide by the time covered, the dashboard
// definitions carry the seeds' targets and match exactly the dimension sets they name.
import { describe, expect, it } from 'vitest';
import { lttbRuns, type XY } from '../downsample';
import { buildAnnotations } from './annotations';
import { DASHBOARDS, describeMatch, matchSeries, missingHint, type CatalogueSeries } from './dashboards';
import { resolutionFor, resolveRange } from './range';
import { bucketMeans, bucketRates, bucketRatios, combineGauges, gridOf, toChartPoints, type Grid } from './series';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-10-26T17:38:00Z');

describe('lttbRuns', () => {
  const wave = (n: number): XY[] => Array.from({ length: n }, (_, i) => ({ t: i * 60_000, value: Math.sin(i / 50) * 10 }));

  it('keeps a one-point spike and a one-point dip among 10,000 points reduced to 200', () => {
    const pts = wave(10_000);
    pts[3_333] = { t: pts[3_333]!.t, value: 500 };
    pts[7_777] = { t: pts[7_777]!.t, value: -400 };
    const out = lttbRuns(pts, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.some((p) => p.value === 500)).toBe(true);
    expect(out.some((p) => p.value === -400)).toBe(true);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[pts.length - 1]);
  });

  it('keeps a gap as a null between the runs and stays within the bound', () => {
    const pts = [...wave(3_000), { t: 3_000 * 60_000, value: null }, ...wave(1_000).map((p) => ({ t: p.t + 4_000 * 60_000, value: p.value }))];
    const out = lttbRuns(pts, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    const nulls = out.filter((p) => p.value === null);
    expect(nulls).toEqual([{ t: 3_000 * 60_000, value: null }]);
    // Each run gets its share: about three quarters before the gap.
    const before = out.findIndex((p) => p.value === null);
    expect(before).toBeGreaterThan(250);
    expect(before).toBeLessThan(320);
    // Time order survives.
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
  });

  it('returns short input unchanged and rejects a bound under 3', () => {
    const pts = wave(10);
    expect(lttbRuns(pts, 10)).toEqual(pts);
    expect(() => lttbRuns(pts, 2)).toThrow(/threshold/);
  });
});

describe('range and resolution', () => {
  it('a preset ends now', () => {
    expect(resolveRange({ preset: '6h' }, NOW)).toEqual({ from: NOW - 6 * H, to: NOW });
    expect(resolveRange({ from: 1, to: 2 }, NOW)).toEqual({ from: 1, to: 2 });
  });

  it('follows CloudWatch retention, then bounds the buckets', () => {
    expect(resolutionFor(NOW - H, NOW, NOW)).toBe(60);
    expect(resolutionFor(NOW - 7 * D, NOW, NOW)).toBe(60); // 10,080 buckets
    expect(resolutionFor(NOW - 14 * D, NOW, NOW)).toBe(300); // 20,160 one-minute buckets is too many
    expect(resolutionFor(NOW - 30 * D, NOW, NOW)).toBe(300); // older than 15 days: 5-minute data
    expect(resolutionFor(NOW - 90 * D, NOW - 89 * D, NOW)).toBe(3600); // older than 63 days: hourly
    expect(resolutionFor(NOW - 455 * D, NOW, NOW)).toBe(3600); // 10,920 hourly buckets
  });
});

describe('buckets', () => {
  /** Dense buckets as [bucket start (s), value] pairs, the empty ones left out. */
  const pairs = (values: Float64Array, g: Grid): [number, number][] => [...values].flatMap((v, i) => (Number.isNaN(v) ? [] : [[g.startSec + i * g.res, v] as [number, number]]));
  const dense = (g: Grid, byStart: Record<number, number>): Float64Array => Float64Array.from({ length: g.n }, (_, i) => byStart[g.startSec + i * g.res] ?? NaN);

  it('a grid starts on a multiple of its resolution and covers the range', () => {
    expect(gridOf(130, 700, 60)).toEqual({ startSec: 120, res: 60, n: 10 });
    expect(gridOf(0, 600, 300)).toEqual({ startSec: 0, res: 300, n: 2 });
  });

  it('means per bucket; rows outside the grid are ignored', () => {
    const g = gridOf(0, 600, 300);
    expect(pairs(bucketMeans([[0, 1], [60, 3], [300, 10], [900, 99]], g), g)).toEqual([[0, 2], [300, 10]]);
  });

  it('combines gauges by mean, sum or max', () => {
    const g = gridOf(0, 120, 60);
    const a = dense(g, { 0: 10, 60: 20 });
    const b = dense(g, { 0: 30 });
    expect(pairs(combineGauges([a, b], 'avg'), g)).toEqual([[0, 20], [60, 20]]);
    expect(pairs(combineGauges([a, b], 'sum'), g)).toEqual([[0, 40], [60, 20]]);
    expect(pairs(combineGauges([a, b], 'max'), g)).toEqual([[0, 30], [60, 20]]);
  });

  it('a rate divides by the seconds covered, so a half-filled newest bucket is not a drop', () => {
    // 600 requests a minute: five minutes in the first 5-min bucket, two in the newest.
    const g = gridOf(0, 600, 300);
    const rows: [number, number][] = [0, 60, 120, 180, 240, 300, 360].map((t) => [t, 600]);
    expect(pairs(bucketRates([rows], g, 'second'), g)).toEqual([[0, 10], [300, 10]]);
    expect(pairs(bucketRates([rows], g, 'minute'), g)).toEqual([[0, 600], [300, 600]]);
    // 5-minute data (one 3,000 Sum per 300 s) read at 300-s buckets: still 10/s.
    expect(pairs(bucketRates([[[0, 3000], [300, 3000]]], g, 'second'), g)).toEqual([[0, 10], [300, 10]]);
  });

  it('a ratio is 100 × Σ numerators ÷ Σ denominator; no traffic is a gap, not 0 %', () => {
    const req: [number, number][] = [[0, 100], [60, 100], [120, 0]];
    const e4: [number, number][] = [[0, 1]];
    const e5: [number, number][] = [[60, 3]];
    const g60 = gridOf(0, 180, 60);
    expect(pairs(bucketRatios([e4, e5], [req], g60), g60)).toEqual([[0, 1], [60, 3]]);
    const g120 = gridOf(0, 240, 120);
    expect(pairs(bucketRatios([e4, e5], [req], g120), g120)).toEqual([[0, 2]]);
  });

  it('chart points mark a gap where the cache has nothing', () => {
    const g = gridOf(0, 660, 60);
    expect(toChartPoints(dense(g, { 0: 1, 60: 2, 600: 3 }), g, 60, 2000)).toEqual({ points: [[0, 1], [60_000, 2], [120_000, null], [600_000, 3]], bucketCount: 3 });
    // 5-minute data in 1-minute buckets is not a gap every other bucket.
    expect(toChartPoints(dense(g, { 0: 1, 300: 2 }), g, 300, 2000).points).toEqual([[0, 1], [300_000, 2]]);
  });
});

describe('dashboards', () => {
  const all = Object.values(DASHBOARDS).flat();

  it('24 charts over the three families, ids unique, the seeds’ targets drawn', () => {
    expect(all.length).toBe(24);
    expect(new Set(all.map((c) => c.id)).size).toBe(24);
    const target = (id: string) => all.find((c) => c.id === id)?.target?.value;
    expect(target('node-cpu')).toBe(70);
    expect(target('pod-cpu')).toBe(70);
    expect(target('node-memory')).toBe(80);
    expect(target('pod-memory')).toBe(80);
    expect(target('disk')).toBe(80);
    expect(target('latency-p95')).toBe(500);
    expect(DASHBOARDS.business.map((c) => c.id)).toEqual(['orders', 'revenue', 'active-users', 'conversion', 'cart-abandonment']);
  });

  it('reads the business KPIs the Overview reads (ECommerce/Business, Average)', () => {
    for (const c of DASHBOARDS.business) {
      const s = c.series[0]!;
      expect(s.kind).toBe('gauge');
      if (s.kind === 'gauge') expect([s.match.namespace, s.match.stat]).toEqual(['ECommerce/Business', 'Average']);
    }
  });

  const series = (id: number, metric: string, dims: Record<string, string>, stat = 'Average'): CatalogueSeries => ({
    id,
    namespace: 'ContainerInsights',
    metric,
    stat,
    dimensions: Object.entries(dims).map(([name, value]) => ({ name, value })),
  });
  const catalogue = [
    series(1, 'node_cpu_utilization', { ClusterName: 'prod' }),
    series(2, 'node_cpu_utilization', { ClusterName: 'prod', NodeName: 'n1' }),
    series(3, 'node_cpu_utilization', { ClusterName: 'prod', NodeName: 'n2' }),
    series(4, 'node_cpu_utilization', { ClusterName: 'prod' }, 'Maximum'),
  ];

  it('a match takes exactly its dimension set: the cluster series is not every node', () => {
    const match = { namespace: 'ContainerInsights', metric: 'node_cpu_utilization', stat: 'Average', dimensions: [{ name: 'ClusterName', value: '*' }] };
    expect(matchSeries(match, catalogue).map((s) => s.id)).toEqual([1]);
    expect(matchSeries({ ...match, dimensions: [...match.dimensions, { name: 'NodeName', value: '*' }] }, catalogue).map((s) => s.id)).toEqual([2, 3]);
    expect(describeMatch(match)).toBe('ContainerInsights node_cpu_utilization {ClusterName=*} Average');
  });

  it('says how to get a missing metric, from what the catalogue has', () => {
    const m = (metric: string, stat = 'Average', dims = [{ name: 'ClusterName', value: '*' }]) => ({ namespace: 'ContainerInsights', metric, stat, dimensions: dims });
    expect(missingHint(m('x'), [])).toMatch(/first sync has not finished/);
    expect(missingHint({ ...m('x'), namespace: 'AWS/Lambda' }, catalogue)).toMatch(/Nothing from AWS\/Lambda .*collect\.namespaces/);
    expect(missingHint(m('pod_cpu_utilization'), catalogue)).toMatch(/has no pod_cpu_utilization/);
    expect(missingHint(m('node_cpu_utilization', 'Average', [{ name: 'Service', value: '*' }]), catalogue)).toMatch(/dimensions \{ClusterName\}, \{ClusterName, NodeName\}.*\{Service\}/);
    expect(missingHint(m('node_cpu_utilization', 'p99'), catalogue)).toMatch(/collected as Average, Maximum, not p99: add p99 under collect\.statistics/);
  });
});

describe('annotations', () => {
  const alarm = (at: number, from: string | null, to: string) => ({ alarmName: 'payment-5xx', at, from, to, summary: '' });

  it('alarm changes into and out of ALARM, incident milestones, in time order', () => {
    const { annotations, omitted } = buildAnnotations(
      [alarm(30, 'OK', 'ALARM'), alarm(10, 'OK', 'INSUFFICIENT_DATA'), alarm(50, 'ALARM', 'OK'), alarm(500, 'OK', 'ALARM')],
      [{ id: 'i1', title: 'Payment 5xx', severity: 'P1', milestones: { started: 20, mitigated: 40, resolved: 999 } }],
      0,
      100,
      10,
    );
    expect(omitted).toBe(0);
    expect(annotations.map((a) => [a.at, a.label, a.tone])).toEqual([
      [20, 'P1 started', 'bad'],
      [30, 'ALARM payment-5xx', 'bad'],
      [40, 'P1 mitigated', 'ok'],
      [50, 'OK payment-5xx', 'ok'],
    ]);
  });

  it('keeps the newest when there are too many', () => {
    const many = Array.from({ length: 30 }, (_, i) => alarm(i, 'OK', 'ALARM'));
    const { annotations, omitted } = buildAnnotations(many, [], 0, 100, 10);
    expect(omitted).toBe(20);
    expect(annotations.map((a) => a.at)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });
});
