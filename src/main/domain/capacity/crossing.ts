// Time to threshold as a range, read off the predictive distribution: the early estimate
// (P10) is when the upper edge of the 80 % band crosses (as Datadog's forecast alerts use the
// band edge), P50 the median forecast, P90 the lower edge. "Sustained for N minutes" triggers
// need that many minutes of consecutive steps beyond the threshold.

export type Direction = 'above' | 'below';

export type Crossing =
  /** The newest data is already beyond the threshold (for the sustained time, where that applies). */
  | { state: 'already'; since: number }
  /** Not even the early edge crosses within the horizon. */
  | { state: 'none'; horizonEnd: number }
  /** P10 is within the horizon; P50/P90 are null when they fall beyond it. */
  | { state: 'crossing'; p10: number; p50: number | null; p90: number | null; horizonEnd: number };

/** Strictly beyond, or — `inclusive`, for a threshold at the metric's bound (free space 0) — reaching it. */
export function beyond(v: number, threshold: number, direction: Direction, inclusive = false): boolean {
  if (inclusive) return direction === 'above' ? v >= threshold : v <= threshold;
  return direction === 'above' ? v > threshold : v < threshold;
}

/** Steps needed for a sustained condition at this resolution (at least one). */
export function sustainSteps(sustainMinutes: number, stepMs: number): number {
  return Math.max(1, Math.ceil((sustainMinutes * 60_000) / stepMs));
}

/** Index where the first run of ≥ `steps` consecutive values beyond the threshold starts; −1 if none. */
export function firstSustained(values: ArrayLike<number>, threshold: number, direction: Direction, steps: number, inclusive = false): number {
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    if (beyond(values[i]!, threshold, direction, inclusive)) {
      run++;
      if (run >= steps) return i - steps + 1;
    } else run = 0;
  }
  return -1;
}

export interface CrossingInput {
  /** Epoch ms of the first forecast step; step i is at t0 + i·stepMs. */
  t0: number;
  stepMs: number;
  median: ArrayLike<number>;
  /** The 80 % band: P10 and P90 of the predictive distribution at each step. */
  lower80: ArrayLike<number>;
  upper80: ArrayLike<number>;
  threshold: number;
  direction: Direction;
  sustainMinutes: number;
  /**
   * Where within its step a value sits (bucket means describe the bucket's middle: step/2);
   * crossing times are interpolated linearly between the last value short of the threshold
   * and the first beyond it.
   */
  offsetMs?: number;
  /** The threshold is the metric's bound (forecasts are clamped to it): reaching it counts. */
  inclusive?: boolean;
  /** Newest observed values at the same resolution (oldest first) and the time of the first of them. */
  recent: { t0: number; values: ArrayLike<number> };
}

export function timeToThreshold(c: CrossingInput): Crossing {
  const steps = sustainSteps(c.sustainMinutes, c.stepMs);
  const r = c.recent.values;
  if (r.length >= steps) {
    let all = true;
    for (let i = r.length - steps; i < r.length; i++) if (!beyond(r[i]!, c.threshold, c.direction, c.inclusive)) all = false;
    if (all) {
      let start = r.length - steps;
      while (start > 0 && beyond(r[start - 1]!, c.threshold, c.direction, c.inclusive)) start--;
      return { state: 'already', since: c.recent.t0 + start * c.stepMs };
    }
  }
  const horizonEnd = c.t0 + c.median.length * c.stepMs;
  // For a fall below the threshold, the early edge is the lower one.
  const early = c.direction === 'above' ? c.upper80 : c.lower80;
  const late = c.direction === 'above' ? c.lower80 : c.upper80;
  const offset = c.offsetMs ?? 0;
  const at = (values: ArrayLike<number>): number | null => {
    const i = firstSustained(values, c.threshold, c.direction, steps, c.inclusive);
    if (i < 0) return null;
    const ti = c.t0 + i * c.stepMs + offset;
    const prev = i > 0 ? values[i - 1]! : Number.NaN;
    const cur = values[i]!;
    if (!Number.isFinite(prev) || prev === cur) return ti;
    const frac = Math.min(1, Math.max(0, (c.threshold - prev) / (cur - prev)));
    return Math.round(ti - c.stepMs + frac * c.stepMs);
  };
  const p10 = at(early);
  if (p10 === null) return { state: 'none', horizonEnd };
  return { state: 'crossing', p10, p50: at(c.median), p90: at(late), horizonEnd };
}
