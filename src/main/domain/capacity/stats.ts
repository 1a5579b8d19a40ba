// Small robust statistics the capacity models share. Arrays may hold NaN for missing points;
// every function here skips them.

export function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Quantile by linear interpolation between order statistics (type 7); NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const xs = finite(values).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const pos = (xs.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation, scaled by 1.4826 so it estimates σ for normal noise. */
export function mad(values: ArrayLike<number>): number {
  const m = median(values);
  const dev = finite(values).map((v) => Math.abs(v - m));
  return 1.4826 * median(dev);
}

export function mean(values: ArrayLike<number>): number {
  const xs = finite(values);
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
