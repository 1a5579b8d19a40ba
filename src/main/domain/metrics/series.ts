// A chart line from raw cached rows: per-bucket aggregation (gauge mean, counter rate,
// ratio), gaps where the cache has no data, then LTTB down to what a chart draws. Buckets
// are dense arrays over the range (NaN = no data): a 30-day dashboard aggregates a few
// million datapoints, and a Map per point costs several times the store's own read.
import { lttbRuns, type XY } from '../downsample';
import { addCoverage, addSums, partialOf, tailOf, TAIL_ROWS, type Partial } from './partials';

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

/** Per bucket, the mean of one series' values in it (NaN where it has none), from its runs' partials. */
export function meansOf(parts: readonly Partial[], g: Grid): Float64Array {
  const sums = new Float64Array(g.n);
  const counts = new Float64Array(g.n);
  addSums(parts, g, sums, counts);
  for (let i = 0; i < g.n; i++) sums[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : NaN;
  return sums;
}

const partsOf = (rows: Rows, g: Grid): Partial[] => (rows.length > 0 ? [partialOf(rows, g.res)] : []);

/** Per bucket, the mean of the series' values in it (NaN where it has none). */
export function bucketMeans(rows: Rows, g: Grid): Float64Array {
  return meansOf(partsOf(rows, g), g);
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
 * per bucket, over every series (each given as its runs' partials). A point covers the
 * smaller gap to a neighbour (60 s data spaced 60 s, 5-minute data 300 s; a lone point one
 * bucket), so the half-filled newest bucket does not read as a drop in traffic.
 */
export function ratesOf(perSeries: readonly (readonly Partial[])[], g: Grid, per: 'second' | 'minute'): Float64Array {
  const sums = new Float64Array(g.n);
  const covered = new Float64Array(g.n);
  for (const parts of perSeries) {
    addSums(parts, g, sums);
    // Seconds covered, averaged over the series summed (each covers the same time).
    addCoverage(parts, g, covered, perSeries.length);
  }
  const scale = per === 'second' ? 1 : 60;
  for (let i = 0; i < g.n; i++) sums[i] = covered[i]! > 0 ? (sums[i]! / covered[i]!) * scale : NaN;
  return sums;
}

export function bucketRates(perSeries: readonly Rows[], g: Grid, per: 'second' | 'minute'): Float64Array {
  return ratesOf(perSeries.map((rows) => partsOf(rows, g)), g, per);
}

/** 100 × Σ numerators ÷ Σ denominator per bucket; buckets without denominator traffic are gaps, not 0 %. */
export function ratiosOf(numerators: readonly (readonly Partial[])[], denominators: readonly (readonly Partial[])[], g: Grid): Float64Array {
  const num = new Float64Array(g.n);
  const den = new Float64Array(g.n);
  for (const parts of numerators) addSums(parts, g, num);
  for (const parts of denominators) addSums(parts, g, den);
  for (let i = 0; i < g.n; i++) num[i] = den[i]! > 0 ? (100 * num[i]!) / den[i]! : NaN;
  return num;
}

export function bucketRatios(numerators: readonly Rows[], denominators: readonly Rows[], g: Grid): Float64Array {
  return ratiosOf(numerators.map((rows) => partsOf(rows, g)), denominators.map((rows) => partsOf(rows, g)), g);
}

/** The series' native period: the median spacing of its newest rows (null with fewer than two). */
export function nativeStep(rows: Rows): number | null {
  return stepOfTimestamps(rows.slice(-TAIL_ROWS).map((r) => r[0]));
}

/** nativeStep of a series given as its runs' partials. */
export function nativeStepOf(parts: readonly Partial[]): number | null {
  return stepOfTimestamps(tailOf(parts));
}

function stepOfTimestamps(tail: readonly number[]): number | null {
  if (tail.length < 2) return null;
  // The newest 64 gaps say the period; sorting every gap of a 30-day series costs more than its aggregation.
  const diffs = tail.slice(1).map((t, i) => t - tail[i]!).sort((a, b) => a - b);
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
