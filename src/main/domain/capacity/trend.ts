// Robust linear trend for monotone series with steps (storage that grows and is extended):
// Theil–Sen since the last changepoint, with Sen's rank-based confidence interval on the slope.
import { median } from './stats';

export interface TheilSenFit {
  slope: number;
  intercept: number;
  /** Slope bounds at the requested confidence (Sen 1968): ranks (N ∓ z·√Var S)/2 of the pairwise slopes. */
  slopeLow: number;
  slopeHigh: number;
  /** Median absolute residual × 1.4826 (robust σ of the scatter around the line). */
  sigma: number;
}

/**
 * Theil–Sen on (x[i], y[i]); NaN points are skipped. Above `maxPoints` the series is thinned
 * evenly (the estimator is O(n²) in pairs). `effectiveN` is the number of independent
 * observations for the slope interval (hourly samples are autocorrelated: pass e.g. days).
 */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>, z = 1.2816, effectiveN?: number, maxPoints = 240): TheilSenFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(y[i]!) && Number.isFinite(x[i]!)) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  }
  const n = xs.length;
  if (n < 2) return { slope: 0, intercept: n === 1 ? ys[0]! : Number.NaN, slopeLow: 0, slopeHigh: 0, sigma: 0 };
  const stride = Math.max(1, Math.ceil(n / maxPoints));
  const sx: number[] = [];
  const sy: number[] = [];
  for (let i = 0; i < n; i += stride) {
    sx.push(xs[i]!);
    sy.push(ys[i]!);
  }
  const slopes: number[] = [];
  for (let i = 0; i < sx.length; i++) {
    for (let j = i + 1; j < sx.length; j++) {
      if (sx[j]! !== sx[i]!) slopes.push((sy[j]! - sy[i]!) / (sx[j]! - sx[i]!));
    }
  }
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const intercept = median(xs.map((xi, i) => ys[i]! - slope * xi));
  const sigma = 1.4826 * median(xs.map((xi, i) => Math.abs(ys[i]! - (intercept + slope * xi))));
  // Sen's interval: Var(S) = m(m−1)(2m+5)/18 for m observations; scaled to the N pairs held.
  const m = Math.max(2, Math.min(sx.length, effectiveN ?? sx.length));
  const pairsM = (m * (m - 1)) / 2;
  const c = z * Math.sqrt((m * (m - 1) * (2 * m + 5)) / 18);
  const frac = Math.min(0.5, c / (2 * pairsM));
  const at = (q: number): number => slopes[Math.min(slopes.length - 1, Math.max(0, Math.round(q * (slopes.length - 1))))]!;
  return { slope, intercept, slopeLow: at(0.5 - frac), slopeHigh: at(0.5 + frac), sigma };
}

/** Start index of the segment after the last changepoint (changepoint indices from the detector; 0 = none). */
export function lastSegmentStart(changepoints: readonly number[], n: number, minLength: number): number {
  let start = 0;
  for (const c of changepoints) if (c > start && c <= n - minLength) start = c;
  return start;
}

/**
 * Step changes (a volume extended, a disk cleaned) as changepoints, when the detector is not
 * at hand: an hour-to-hour difference more than `k` robust σ away from the typical one.
 */
export function stepChangepoints(values: ArrayLike<number>, k = 8): number[] {
  const d: number[] = [];
  for (let i = 1; i < values.length; i++) d.push(values[i]! - values[i - 1]!);
  const centre = median(d);
  const sigma = 1.4826 * median(d.map((v) => Math.abs(v - centre)));
  const out: number[] = [];
  d.forEach((v, i) => {
    if (Number.isFinite(v) && Math.abs(v - centre) > k * Math.max(sigma, 1e-9 * Math.abs(centre) + 1e-12)) out.push(i + 1);
  });
  return out;
}
