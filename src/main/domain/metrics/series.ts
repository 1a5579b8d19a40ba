// A chart line from raw cached rows: per-bucket aggregation (gauge mean, counter rate,
// ratio), gaps where the cache has no data, then LTTB down to what a chart draws. Buckets
// are dense arrays over the range (NaN = no data): a 30-day dashboard aggregates a few
// million datapoints, and a Map per point costs several times the store's own read.
import { lttbRuns, type XY } from '../downsample';

/** [epoch seconds, value] rows of one cached series, oldest first (what the store reads). */
export type Rows = readonly (readonly [number, number])[];

/** The buckets of a range: bucket i starts at startSec + i × res (startSec a multiple of res). */
export interface Grid {
  startSec: number;
  res: number;
  n: number;
}

export function gridOf(fromSec: number, toSec: number, res: number): Grid {
  const startSec = Math.floor(fromSec / res) * res;
  return { startSec, res, n: Math.max(1, Math.ceil((toSec - startSec) / res)) };
}

function slot(g: Grid, ts: number): number {
  const i = Math.floor((ts - g.startSec) / g.res);
  return i >= 0 && i < g.n ? i : -1;
}

/** Per bucket, the mean of the series' values in it (NaN where it has none). */
export function bucketMeans(rows: Rows, g: Grid): Float64Array {
  const sums = new Float64Array(g.n);
  const counts = new Uint32Array(g.n);
  for (const [ts, v] of rows) {
    const i = slot(g, ts);
    if (i < 0) continue;
    sums[i]! += v;
    counts[i]!++;
  }
  for (let i = 0; i < g.n; i++) sums[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : NaN;
  return sums;
}

/** Gauges across several series (nodes, pods): per bucket, the mean, sum or max of their bucket means. */
export function combineGauges(perSeries: readonly Float64Array[], combine: 'avg' | 'sum' | 'max'): Float64Array {
  const n = perSeries[0]?.length ?? 0;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let k = 0;
    let max = -Infinity;
    for (const s of perSeries) {
      const v = s[i]!;
      if (Number.isNaN(v)) continue;
      sum += v;
      k++;
      if (v > max) max = v;
    }
    if (k > 0) out[i] = combine === 'avg' ? sum / k : combine === 'sum' ? sum : max;
  }
  return out;
}

/**
 * Counters (Sums) as a rate per second (or minute): Σ values ÷ Σ seconds the points cover,
 * per bucket, over every series. A point covers the smaller gap to a neighbour (60 s data
 * spaced 60 s, 5-minute data 300 s; a lone point one bucket), so the half-filled newest
 * bucket does not read as a drop in traffic.
 */
export function bucketRates(perSeries: readonly Rows[], g: Grid, per: 'second' | 'minute'): Float64Array {
  const sums = new Float64Array(g.n);
  const covered = new Float64Array(g.n);
  for (const rows of perSeries) {
    for (let j = 0; j < rows.length; j++) {
      const [ts, v] = rows[j]!;
      const i = slot(g, ts);
      if (i < 0) continue;
      const before = j > 0 ? ts - rows[j - 1]![0] : Infinity;
      const after = j < rows.length - 1 ? rows[j + 1]![0] - ts : Infinity;
      const p = Math.min(before, after);
      sums[i]! += v;
      // Seconds covered, averaged over the series summed (each covers the same time).
      covered[i]! += (Number.isFinite(p) && p > 0 ? p : g.res) / perSeries.length;
    }
  }
  const scale = per === 'second' ? 1 : 60;
  for (let i = 0; i < g.n; i++) sums[i] = covered[i]! > 0 ? (sums[i]! / covered[i]!) * scale : NaN;
  return sums;
}

/** 100 × Σ numerators ÷ Σ denominator per bucket; buckets without denominator traffic are gaps, not 0 %. */
export function bucketRatios(numerators: readonly Rows[], denominators: readonly Rows[], g: Grid): Float64Array {
  const sum = (all: readonly Rows[]): Float64Array => {
    const out = new Float64Array(g.n);
    for (const rows of all)
      for (const [ts, v] of rows) {
        const i = slot(g, ts);
        if (i >= 0) out[i]! += v;
      }
    return out;
  };
  const num = sum(numerators);
  const den = sum(denominators);
  for (let i = 0; i < g.n; i++) num[i] = den[i]! > 0 ? (100 * num[i]!) / den[i]! : NaN;
  return num;
}

/** The series' native period: the median spacing of its newest rows (null with fewer than two). */
export function nativeStep(rows: Rows): number | null {
  if (rows.length < 2) return null;
  // The newest 64 gaps say the period; sorting every gap of a 30-day series costs more than its aggregation.
  const tail = rows.slice(-65);
  const diffs = tail.slice(1).map((r, i) => r[0] - tail[i]![0]).sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)]!;
}

/**
 * Buckets as chart points in epoch ms, a null between two buckets further apart than
 * 2.5 × max(resolution, the data's own period) — the cache has nothing there — then LTTB
 * per run to at most `maxPoints` (gaps included).
 */
export function toChartPoints(values: Float64Array, g: Grid, stepSec: number | null, maxPoints: number): { points: [number, number | null][]; bucketCount: number } {
  const gapSec = 2.5 * Math.max(g.res, stepSec ?? 0);
  const xy: XY[] = [];
  let prev = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const b = g.startSec + i * g.res;
    if (prev >= 0 && b - prev > gapSec) xy.push({ t: (prev + g.res) * 1000, value: null });
    xy.push({ t: b * 1000, value: v });
    prev = b;
  }
  const down = lttbRuns(xy, maxPoints);
  return { points: down.map((p) => [p.t, p.value]), bucketCount: xy.length - xy.filter((p) => p.value === null).length };
}
