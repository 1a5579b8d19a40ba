// Largest-Triangle-Three-Buckets (Steinarsson, 2013): keeps the shape of a series — its peaks
// and dips — in at most `threshold` points, so charts stay fast (recharts slows past a few
// thousand points) without hiding the spike an on-call engineer is looking for.
export interface XY {
  t: number;
  value: number | null;
}

/** Downsamples to at most `threshold` points; nulls (gaps) are kept as gaps between runs. */
export function lttb(points: readonly XY[], threshold: number): XY[] {
  if (!Number.isInteger(threshold) || threshold < 3) throw new RangeError(`lttb: threshold must be an integer ≥ 3, got ${threshold}`);
  if (points.length <= threshold) return points.slice();
  const data = points.filter((p): p is { t: number; value: number } => p.value !== null && Number.isFinite(p.value));
  if (data.length <= threshold) return data;
  const out: XY[] = [data[0] as XY];
  const every = (data.length - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, data.length);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += data[j]!.t;
      avgV += data[j]!.value;
    }
    const span = Math.max(1, nextEnd - nextStart);
    avgT /= span;
    avgV /= span;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const pa = data[a]!;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const p = data[j]!;
      const area = Math.abs((pa.t - avgT) * (p.value - pa.value) - (pa.t - p.t) * (avgV - pa.value));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(data[best]!);
    a = best;
  }
  out.push(data[data.length - 1]!);
  return out;
}

/**
 * LTTB that keeps gaps: `points` may hold nulls (no data there); each run between them is
 * downsampled on its own, with a share of `threshold` in proportion to its length, and the
 * nulls stay where they were, so a chart draws a break instead of a line across an outage.
 * At most `threshold` points come back, nulls included.
 */
export function lttbRuns(points: readonly XY[], threshold: number): XY[] {
  if (!Number.isInteger(threshold) || threshold < 3) throw new RangeError(`lttbRuns: threshold must be an integer ≥ 3, got ${threshold}`);
  if (points.length <= threshold) return points.slice();
  const runs: XY[][] = [];
  const gaps: XY[] = [];
  let run: XY[] = [];
  for (const p of points) {
    if (p.value !== null && Number.isFinite(p.value)) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      gaps.push(p);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  // A gap at the very end separates nothing.
  gaps.length = Math.max(0, runs.length - 1);
  const total = runs.reduce((n, r) => n + r.length, 0);
  const spare = threshold - gaps.length - 3 * runs.length;
  // More gaps than a chart can show: drop them rather than exceed the bound.
  if (spare < 0) return lttb(points, threshold);
  const out: XY[] = [];
  runs.forEach((r, i) => {
    if (i > 0) out.push(gaps[i - 1]!);
    const share = 3 + Math.floor((spare * r.length) / total);
    out.push(...(r.length <= share ? r : lttb(r, share)));
  });
  return out;
}
