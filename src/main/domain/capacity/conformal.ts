// Split-conformal calibration of prediction intervals (Vovk et al.; Lei et al. 2018), in its
// normalised form: a model's own interval width says how hard each step is, and the
// held-out tail says how far to scale it so the intervals cover what they claim.

/** Nonconformity score of one held-out point: |error| in units of the model's scale. */
export function conformalScore(actual: number, predicted: number, scale: number): number {
  return Math.abs(actual - predicted) / Math.max(scale, 1e-12);
}

/**
 * The calibrated multiplier for coverage `level`: the ⌈(n + 1)·level⌉-th smallest score
 * (finite-sample valid for exchangeable scores); Infinity when there are too few scores.
 */
export function conformalQuantile(scores: readonly number[], level: number): number {
  const xs = scores.filter(Number.isFinite).sort((a, b) => a - b);
  const rank = Math.ceil((xs.length + 1) * level);
  if (rank > xs.length) return Number.POSITIVE_INFINITY;
  return xs[Math.max(0, rank - 1)]!;
}

export interface Band {
  lower: Float64Array;
  upper: Float64Array;
}

/** ŷ ± q·scale, clamped to the metric's bounds. */
export function band(point: ArrayLike<number>, scale: ArrayLike<number>, q: number, bounds: { min: number | null; max: number | null }): Band {
  const n = point.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lower[i] = clamp(point[i]! - q * scale[i]!, bounds);
    upper[i] = clamp(point[i]! + q * scale[i]!, bounds);
  }
  return { lower, upper };
}

export function clamp(v: number, bounds: { min: number | null; max: number | null }): number {
  let out = v;
  if (bounds.min !== null && out < bounds.min) out = bounds.min;
  if (bounds.max !== null && out > bounds.max) out = bounds.max;
  return out;
}
