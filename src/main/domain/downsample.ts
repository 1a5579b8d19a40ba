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
