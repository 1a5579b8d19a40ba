// Weekly seasonal naive (the baseline every model is measured against) and robust cleaning
// of a series against its seasonal profile: incidents and flash sales in the training window
// make MSTL extrapolate a spike, so points far from the profile are replaced before fitting.
import { mad, median, quantile } from './stats';

/**
 * Seasonal naive: the value one season earlier, repeated — ŷ(n−1+h) = y(n − 1 + h − m·⌈h/m⌉) (0-based, y(n−1) the newest).
 * Missing points (NaN) fall back to the latest finite value of the same phase.
 */
export function seasonalNaive(history: ArrayLike<number>, period: number, horizon: number): Float64Array {
  const n = history.length;
  const out = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    let i = n - 1 + h - period * Math.ceil(h / period);
    while (i >= 0 && !Number.isFinite(history[i]!)) i -= period;
    out[h - 1] = i >= 0 ? history[i]! : Number.NaN;
  }
  return out;
}

/** σ of the one-season differences: how far a season-ago value typically misses. */
export function seasonalDiffSigma(history: ArrayLike<number>, period: number): number {
  const d: number[] = [];
  for (let i = period; i < history.length; i++) {
    const v = history[i]! - history[i - period]!;
    if (Number.isFinite(v)) d.push(v);
  }
  if (d.length === 0) return Number.NaN;
  return Math.sqrt(d.reduce((a, b) => a + b * b, 0) / d.length);
}

/**
 * Running median over `window` points, centred; at the edges the window slides inward rather
 * than shrinking, so it always spans a whole period and the cycle does not bias it. The window
 * moves at most one point per step, so a sorted copy is updated in place (O(n·w) moves, no sorts).
 */
export function runningMedian(values: ArrayLike<number>, window: number): Float64Array {
  const n = values.length;
  const w = Math.min(window, n);
  const half = Math.floor(window / 2);
  const out = new Float64Array(n);
  const sorted: number[] = [];
  /** The first index whose value is not below v (binary search in `sorted`). */
  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const insert = (v: number): void => {
    if (Number.isFinite(v)) sorted.splice(lowerBound(v), 0, v);
  };
  const remove = (v: number): void => {
    if (Number.isFinite(v)) sorted.splice(lowerBound(v), 1);
  };
  let from = 0;
  for (let j = 0; j < w; j++) insert(values[j]!);
  for (let i = 0; i < n; i++) {
    const target = Math.max(0, Math.min(i - half, n - w));
    while (from < target) {
      remove(values[from]!);
      insert(values[from + w]!);
      from++;
    }
    const k = sorted.length;
    out[i] = k === 0 ? Number.NaN : k % 2 === 1 ? sorted[(k - 1) / 2]! : (sorted[k / 2 - 1]! + sorted[k / 2]!) / 2;
  }
  return out;
}

export interface CleanedSeries {
  values: Float64Array;
  /** Replaced runs as [first index, last index] (inclusive), oldest first. */
  replaced: [number, number][];
  /** Points replaced (sum of the runs' lengths). */
  count: number;
}

/**
 * Replaces points more than `k` robust σ (MAD) away from trend + seasonal profile, and
 * missing points, with trend + profile. Trend: running median over one period; profile: the
 * per-phase median of the detrended series. Reports the runs replaced (missing points that
 * were filled are not reported — nothing was thrown away there).
 */
export function cleanSeries(values: ArrayLike<number>, period: number, k = 5): CleanedSeries {
  const n = values.length;
  const trend = runningMedian(values, period);
  const detrended = new Float64Array(n);
  for (let i = 0; i < n; i++) detrended[i] = values[i]! - trend[i]!;
  const profile = new Float64Array(period);
  for (let p = 0; p < period; p++) {
    const phase: number[] = [];
    for (let i = p; i < n; i += period) phase.push(detrended[i]!);
    const m = median(phase);
    profile[p] = Number.isFinite(m) ? m : 0;
  }
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = detrended[i]! - profile[i % period]!;
  // Floor σ at 5 % of the series' spread: quantised series (pod counts) and noiseless ones
  // have a MAD of 0, and every ordinary step would otherwise count as an outlier.
  const spread = quantile(values, 0.95) - quantile(values, 0.05);
  const sigma = Math.max(mad(residual), 0.05 * (Number.isFinite(spread) ? spread : 0));
  const centre = median(residual);
  const out = new Float64Array(n);
  const replaced: [number, number][] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const expected = trend[i]! + profile[i % period]!;
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = expected;
      continue;
    }
    const outlier = sigma > 0 && Math.abs(residual[i]! - centre) > k * sigma;
    if (!outlier) {
      out[i] = v;
      continue;
    }
    out[i] = expected;
    count++;
    const last = replaced[replaced.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else replaced.push([i, i]);
  }
  return { values: out, replaced, count };
}
