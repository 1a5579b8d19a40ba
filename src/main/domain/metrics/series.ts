// A chart line from raw cached rows: per-bucket aggregation (gauge mean, counter rate,
// ratio), gaps where the cache has no data, then LTTB down to what a chart draws.
import { lttbRuns, type XY } from '../downsample';

/** [epoch seconds, value] rows of one cached series, oldest first (what the store reads). */
export type Rows = readonly (readonly [number, number])[];

/** Bucket start (epoch s) → mean of the series' values in it. */
export function bucketMeans(rows: Rows, resSec: number): Map<number, number> {
  const sums = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const [ts, v] of rows) {
    const b = Math.floor(ts / resSec) * resSec;
    sums.set(b, (sums.get(b) ?? 0) + v);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  for (const [b, s] of sums) sums.set(b, s / counts.get(b)!);
  return sums;
}

/** Gauges across several series (nodes, pods): per bucket, the mean, sum or max of their bucket means. */
export function combineGauges(perSeries: readonly Map<number, number>[], combine: 'avg' | 'sum' | 'max'): Map<number, number> {
  const acc = new Map<number, { sum: number; n: number; max: number }>();
  for (const series of perSeries) {
    for (const [b, v] of series) {
      const a = acc.get(b);
      if (a) {
        a.sum += v;
        a.n++;
        a.max = Math.max(a.max, v);
      } else acc.set(b, { sum: v, n: 1, max: v });
    }
  }
  const out = new Map<number, number>();
  for (const [b, a] of acc) out.set(b, combine === 'avg' ? a.sum / a.n : combine === 'sum' ? a.sum : a.max);
  return out;
}

/**
 * The period one datapoint covers: the smaller gap to a neighbour (60 s data spaced 60 s,
 * 5-minute data 300 s); a lone point counts as one bucket. A rate divides by the time the
 * points cover, so the half-filled newest bucket does not read as a drop in traffic.
 */
function pointPeriods(rows: Rows, fallback: number): number[] {
  return rows.map((r, i) => {
    const before = i > 0 ? r[0] - rows[i - 1]![0] : Infinity;
    const after = i < rows.length - 1 ? rows[i + 1]![0] - r[0] : Infinity;
    const p = Math.min(before, after);
    return Number.isFinite(p) && p > 0 ? p : fallback;
  });
}

/** Counters (Sums) as a rate per second (or minute): Σ values ÷ Σ seconds covered, per bucket, over every series. */
export function bucketRates(perSeries: readonly Rows[], resSec: number, per: 'second' | 'minute'): Map<number, number> {
  const sums = new Map<number, number>();
  const covered = new Map<number, number>();
  for (const rows of perSeries) {
    const periods = pointPeriods(rows, resSec);
    rows.forEach(([ts, v], i) => {
      const b = Math.floor(ts / resSec) * resSec;
      sums.set(b, (sums.get(b) ?? 0) + v);
      // Seconds covered, averaged over the series summed (each covers the same time).
      covered.set(b, (covered.get(b) ?? 0) + periods[i]! / perSeries.length);
    });
  }
  const scale = per === 'second' ? 1 : 60;
  const out = new Map<number, number>();
  for (const [b, s] of sums) out.set(b, (s / covered.get(b)!) * scale);
  return out;
}

/** 100 × Σ numerators ÷ Σ denominator per bucket; buckets without denominator traffic are gaps. */
export function bucketRatios(numerators: readonly Rows[], denominators: readonly Rows[], resSec: number): Map<number, number> {
  const sum = (all: readonly Rows[]): Map<number, number> => {
    const out = new Map<number, number>();
    for (const rows of all) for (const [ts, v] of rows) out.set(Math.floor(ts / resSec) * resSec, (out.get(Math.floor(ts / resSec) * resSec) ?? 0) + v);
    return out;
  };
  const num = sum(numerators);
  const den = sum(denominators);
  const out = new Map<number, number>();
  for (const [b, d] of den) if (d > 0) out.set(b, (100 * (num.get(b) ?? 0)) / d);
  return out;
}

/** Median spacing of a series' rows (its native period), or null with fewer than two rows. */
export function nativeStep(rows: Rows): number | null {
  if (rows.length < 2) return null;
  const diffs = rows.slice(1).map((r, i) => r[0] - rows[i]![0]).sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)]!;
}

/**
 * Buckets (epoch s → value) as chart points in epoch ms, a null between two buckets further
 * apart than 2.5 × max(resolution, the data's own period) — the cache has nothing there —
 * then LTTB per run to at most `maxPoints` (gaps included).
 */
export function toChartPoints(buckets: Map<number, number>, resSec: number, stepSec: number | null, maxPoints: number): { points: [number, number | null][]; bucketCount: number } {
  const sorted = [...buckets.entries()].filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
  const gapSec = 2.5 * Math.max(resSec, stepSec ?? 0);
  const xy: XY[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const [b, v] = sorted[i]!;
    if (i > 0 && b - sorted[i - 1]![0] > gapSec) xy.push({ t: (sorted[i - 1]![0] + resSec) * 1000, value: null });
    xy.push({ t: b * 1000, value: v });
  }
  const down = lttbRuns(xy, maxPoints);
  return { points: down.map((p) => [p.t, p.value]), bucketCount: sorted.length };
}
