// Forecast accuracy: MASE against the weekly seasonal naive scale (Hyndman & Koehler 2006)
// and the coverage of prediction intervals, on held-out data.

/** Mean absolute one-season difference of the training data: MASE's denominator. */
export function maseScale(train: ArrayLike<number>, period: number): number {
  let sum = 0;
  let count = 0;
  for (let i = period; i < train.length; i++) {
    const d = Math.abs(train[i]! - train[i - period]!);
    if (Number.isFinite(d)) {
      sum += d;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Mean absolute error of `forecast` against `actual` (NaN actuals skipped). */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i]! - forecast[i]!);
    if (Number.isFinite(e)) {
      sum += e;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  const e = mae(actual, forecast);
  if (!(scale > 0)) return e === 0 ? 0 : Number.NaN;
  return e / scale;
}

/** Share of finite actuals inside [lower, upper]; NaN with no actuals. */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const { inside, count } = coverageCounts(actual, lower, upper);
  return count === 0 ? Number.NaN : inside / count;
}

/** Counts behind a coverage figure, so scores pool across folds correctly. */
export function coverageCounts(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): { inside: number; count: number } {
  let inside = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    if (!Number.isFinite(a)) continue;
    count++;
    if (a >= lower[i]! && a <= upper[i]!) inside++;
  }
  return { inside, count };
}
